-- Score history and tier-change webhooks (numbered as on SQLite, whose V3 moved release rows).
-- segment: the segment model that scored the prediction, null for the one global model.
ALTER TABLE prediction_log ADD COLUMN segment TEXT;
-- A lead's history (GET /v1/leads/{lead_id}/scores) and the previous prediction of each lead of a
-- batch (tier changes) are index seeks, newest first in the order logged (SQLite's lead_id index
-- holds the rowid, id, implicitly).
CREATE INDEX prediction_log_by_lead ON prediction_log (lead_id, id);

-- The durable outbox of tier-change webhooks: one row per (event, endpoint), inserted in the
-- transaction that logs the prediction, delivered and retried by the servers' dispatchers.
-- status: pending, delivered or failed. payload: the exact JSON body that is signed and sent.
CREATE TABLE webhook_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    lead_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    retrying_since TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ,
    UNIQUE (event_id, endpoint)
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
