-- Schema version 3: mail delivery. A notification is retried with back-off until the
-- SMTP server accepts it; every attempt is kept.

ALTER TABLE notification ADD COLUMN next_attempt_at TEXT;

CREATE TABLE mail_attempt (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notification (id),
    attempted_at    TEXT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
    detail          TEXT NOT NULL
);
CREATE INDEX mail_attempt_by_notification ON mail_attempt (notification_id);
