-- The prediction log as plain rows and outcomes with an order and a comparable time (V3 moves the
-- release tables' rows here). Times are UTC text with nine fractional digits: text order is time
-- order. bins: a JSON array, the bin of each model input in the model card's input order.
-- No index on lead_id: random lead ids made every 50 ms batch rewrite ~1,000 index pages
-- (32 us a row against 4 us); the outcome join scans the log once instead.
CREATE TABLE prediction_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id TEXT,
    model_version TEXT NOT NULL,
    probability REAL NOT NULL,
    score INTEGER NOT NULL,
    tier TEXT NOT NULL,
    challenger_version TEXT,
    challenger_probability REAL,
    predicted_at TEXT NOT NULL,
    bins TEXT
);
CREATE INDEX prediction_log_time ON prediction_log (predicted_at);

CREATE TABLE outcomes_v2 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    outcome_id TEXT NOT NULL UNIQUE,
    lead_id TEXT NOT NULL,
    converted INTEGER NOT NULL,
    at TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    deal_value REAL,
    received_at TEXT NOT NULL
);
CREATE INDEX outcomes_by_lead ON outcomes_v2 (lead_id, occurred_at);
