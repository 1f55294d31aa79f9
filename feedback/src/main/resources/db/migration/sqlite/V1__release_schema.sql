-- The schema of the releases that kept the prediction log as binary chunks, created only where
-- missing: a file written by them is baselined below this version, so it runs on it as a no-op.
CREATE TABLE IF NOT EXISTS outcomes (outcome_id TEXT PRIMARY KEY, lead_id TEXT NOT NULL,
    converted INTEGER NOT NULL, at TEXT NOT NULL, deal_value REAL, received_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outcomes_lead ON outcomes (lead_id);
CREATE TABLE IF NOT EXISTS prediction_chunks (id INTEGER PRIMARY KEY AUTOINCREMENT,
    rows INTEGER NOT NULL, first_at_ms INTEGER NOT NULL, last_at_ms INTEGER NOT NULL, data BLOB NOT NULL);
