-- Score history and tier-change webhooks (V3 is the Java migration that moved release rows).
-- segment: the segment model that scored the prediction, null for the one global model.
ALTER TABLE prediction_log ADD COLUMN segment TEXT;
-- A lead's history (GET /v1/leads/{lead_id}/scores) and the previous prediction of each lead of a
-- batch (tier changes) are index seeks, newest first in the order logged (the index holds the
-- rowid, id). Only lead_id: with (lead_id, predicted_at, id) 1,000-row batches of random leads cost
-- about 80 us a row on a log of 600,000 rows, with lead_id alone about 30 us (without: about 8 us).
CREATE INDEX prediction_log_by_lead ON prediction_log (lead_id);

-- The durable outbox of tier-change webhooks: one row per (event, endpoint), inserted in the
-- transaction that logs the prediction, delivered and retried by the server's dispatcher.
-- status: pending, delivered or failed. payload: the exact JSON body that is signed and sent.
CREATE TABLE webhook_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    lead_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    retrying_since TEXT NOT NULL,
    delivered_at TEXT,
    UNIQUE (event_id, endpoint)
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
