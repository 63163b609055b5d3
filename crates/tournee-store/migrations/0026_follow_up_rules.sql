-- Issue 15, « Follow-up rules »: reminders the automaton mails when a record stays open
-- too long (brief 002: an opportunity still open 5 days after its creation, a lead not
-- closed after 3 days, to its owner with their manager in copy). The admin edits the rules
-- on the back office's « Relances » page; crates/tournee-store/src/follow_up/ reads them.

-- One row per rule the automaton knows (the codes are the kinds of record it watches).
CREATE TABLE follow_up_rule (
    code          TEXT PRIMARY KEY CHECK (code IN ('lead_open', 'opportunity_open')),
    days          INTEGER NOT NULL CHECK (days BETWEEN 1 AND 365),
    enabled       INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    -- The owner's team leaders in copy (brief 002: « mettre Luc en copie »).
    copy_managers INTEGER NOT NULL CHECK (copy_managers IN (0, 1)),
    -- A record whose deadline (creation + days) falls before this instant is never
    -- reminded: turning a rule on (or installing this version) does not mail the backlog.
    active_since  TEXT NOT NULL,
    changed_by    TEXT NOT NULL,
    changed_at    TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO follow_up_rule (code, days, enabled, copy_managers, active_since, changed_by, changed_at)
VALUES
    ('lead_open', 3, 1, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'migration', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('opportunity_open', 5, 1, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'migration', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- Each reminder queued, once per rule, record and occurrence (the record's creation
-- instant): written in the same transaction as its notification, so a reminder is queued
-- exactly once whatever the automaton's restarts; the mail queue then delivers it.
CREATE TABLE follow_up_sent (
    rule            TEXT NOT NULL REFERENCES follow_up_rule (code),
    record_id       TEXT NOT NULL,
    occurrence      TEXT NOT NULL,
    notification_id INTEGER NOT NULL REFERENCES notification (id),
    queued_at       TEXT NOT NULL,
    PRIMARY KEY (rule, record_id, occurrence)
) WITHOUT ROWID;
