-- Schema 0021: webhooks (docs/webhooks.md). The admin's subscriptions, the events written
-- in the integration's transaction (an event exists if and only if its change was
-- integrated, once), one delivery per (event, subscription) in a durable queue retried
-- with back-off, and every attempt logged.

CREATE TABLE webhook_subscription (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL,
    -- Event type codes separated by spaces (`party.created action.added`); `*`: all.
    event_types TEXT NOT NULL,
    -- `whsec_` + base64: needed in clear to sign, shown to the admin once.
    secret      TEXT NOT NULL,
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

-- Written only when an enabled subscription wants the type (no subscription, no row).
CREATE TABLE event (
    id           TEXT PRIMARY KEY,            -- ULID: the `webhook-id` receivers dedup on
    type         TEXT NOT NULL,               -- `party.created`, `action.added`, …
    occurred_at  TEXT NOT NULL,               -- RFC 3339, the integration's clock
    entity       TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    change_id    TEXT,                        -- the integrated change, when one caused it
    payload_json TEXT NOT NULL
);

CREATE TABLE webhook_delivery (
    id              INTEGER PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES event (id),
    subscription_id INTEGER NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- When the worker may take it (also its lease while an attempt is in flight).
    next_attempt_at TEXT NOT NULL,
    -- Start of the retry window (creation, or the admin's replay).
    retry_from      TEXT NOT NULL,
    delivered_at    TEXT,
    last_error      TEXT,
    UNIQUE (event_id, subscription_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_by_subscription ON webhook_delivery (subscription_id, id);

CREATE TABLE webhook_attempt (
    id           INTEGER PRIMARY KEY,
    delivery_id  INTEGER NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempted_at TEXT NOT NULL,
    status_code  INTEGER,                     -- the receiver's answer, if any
    error        TEXT,                        -- what went wrong, if anything
    duration_ms  INTEGER NOT NULL
);
CREATE INDEX webhook_attempt_by_delivery ON webhook_attempt (delivery_id);
