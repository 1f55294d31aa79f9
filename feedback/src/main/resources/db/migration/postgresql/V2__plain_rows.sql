-- The feedback store on PostgreSQL (version 2, as on SQLite, where V1 is the chunked release's
-- schema). bins: the bin of each model input in the model card's input order, e.g. [3, 0, 7].
-- The same tables and indexes as on SQLite (no lead_id index: the outcome join hashes the log).
CREATE TABLE prediction_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id TEXT,
    model_version TEXT NOT NULL,
    probability DOUBLE PRECISION NOT NULL,
    score SMALLINT NOT NULL,
    tier TEXT NOT NULL,
    challenger_version TEXT,
    challenger_probability DOUBLE PRECISION,
    predicted_at TIMESTAMPTZ NOT NULL,
    bins JSONB
);
CREATE INDEX prediction_log_time ON prediction_log (predicted_at);

CREATE TABLE outcomes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outcome_id TEXT NOT NULL UNIQUE,
    lead_id TEXT NOT NULL,
    converted BOOLEAN NOT NULL,
    at TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    deal_value DOUBLE PRECISION,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX outcomes_by_lead ON outcomes (lead_id, occurred_at);
