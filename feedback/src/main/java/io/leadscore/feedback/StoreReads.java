package io.leadscore.feedback;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's reads, each one SQL statement that the database aggregates or joins: a read returns
 * outcomes, figures or the predictions asked for, never the whole log to be scanned in the JVM
 * (except {@link #predictions()}, which asks for it).
 */
final class StoreReads {
    private static final String OUTCOME = "o.outcome_id, o.lead_id, o.converted, o.at, o.deal_value";

    private final Database db;

    StoreReads(Database db) {
        this.db = db;
    }

    Outcome outcome(String outcomeId) {
        return db.use("reading an outcome", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT " + OUTCOME + " FROM outcomes o WHERE o.outcome_id = ?")) {
                q.setString(1, outcomeId);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? outcome(rs) : null;
                }
            }
        });
    }

    List<Outcome> outcomes() {
        return db.use("reading outcomes", c -> {
            List<Outcome> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + OUTCOME + " FROM outcomes o ORDER BY o.seq"); ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(outcome(rs));
                }
            }
            return out;
        });
    }

    private static Outcome outcome(ResultSet rs) throws SQLException {
        double v = rs.getDouble(5);
        Double deal = rs.wasNull() ? null : v;
        return new Outcome(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4), deal);
    }

    long[] outcomeCounts() {
        return db.use("counting outcomes", c -> {
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT COALESCE(SUM(CASE WHEN converted THEN 1 ELSE 0 END), 0), COUNT(*) FROM outcomes"); ResultSet rs = q.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2) - rs.getLong(1)};
            }
        });
    }

    List<PredictionRecord> predictions() {
        return db.use("reading the prediction log", c -> {
            List<PredictionRecord> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + PredictionRows.COLUMNS + " FROM prediction_log ORDER BY id");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(PredictionRows.read(rs, 1, db.dialect));
                }
            }
            return out;
        });
    }

    /** A lead's predictions at or after {@code since} (null: all), newest first in the order logged, at most {@code limit}. */
    List<PredictionRecord> history(String leadId, Instant since, int limit) {
        String sql = "SELECT " + PredictionRows.COLUMNS + " FROM prediction_log WHERE lead_id = ?" + (since == null ? "" : " AND predicted_at >= ?")
                + " ORDER BY id DESC LIMIT ?";
        return db.use("reading a lead's history", c -> {
            List<PredictionRecord> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql)) {
                int i = 1;
                q.setString(i++, leadId);
                if (since != null) {
                    db.dialect.setTime(q, i++, since);
                }
                q.setInt(i, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(PredictionRows.read(rs, 1, db.dialect));
                    }
                }
            }
            return out;
        });
    }

    /** Each outcome, in the order reported, joined to the lead's latest prediction at or before it (the later logged on a tie). */
    List<FeedbackStore.ScoredOutcome> scoredOutcomes() {
        // each outcome's prediction found through the log's lead index (V4): a seek per outcome
        // among its lead's few rows, not a pass over the log
        String sql = "SELECT " + OUTCOME + ", " + PredictionRows.columns("p") + " FROM outcomes o LEFT JOIN prediction_log p ON p.id = ("
                + "SELECT q.id FROM prediction_log q WHERE q.lead_id = o.lead_id AND q.predicted_at <= o.occurred_at "
                + "ORDER BY q.predicted_at DESC, q.id DESC LIMIT 1) ORDER BY o.seq";
        return db.use("joining outcomes to predictions", c -> {
            List<FeedbackStore.ScoredOutcome> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new FeedbackStore.ScoredOutcome(outcome(rs), PredictionRows.read(rs, 6, db.dialect)));
                }
            }
            return out;
        });
    }

    /** The latest prediction of every lead with an id (the later logged on a tie). */
    List<PredictionRecord> latestPredictions() {
        String sql = "SELECT " + PredictionRows.COLUMNS + " FROM (SELECT p.*, ROW_NUMBER() OVER (PARTITION BY p.lead_id "
                + "ORDER BY p.predicted_at DESC, p.id DESC) AS r FROM prediction_log p WHERE p.lead_id IS NOT NULL) latest WHERE r = 1";
        return db.use("reading the latest predictions", c -> {
            List<PredictionRecord> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(PredictionRows.read(rs, 1, db.dialect));
                }
            }
            return out;
        });
    }

    /**
     * Adds to {@code counts[i][b]} the version's predictions since {@code since} whose input
     * {@code i} fell in bin {@code b}, counted by the database; rows without bins or with bins of
     * another shape are left out.
     *
     * @return how many predictions were counted
     */
    long countBins(String version, Instant since, long[][] counts) {
        return countBins(version, since, null, counts);
    }

    /**
     * As {@link #countBins(String, Instant, long[][])}, over predictions made before {@code until}
     * too (null: no end). The database selects the rows; their bins are counted here: aggregating
     * JSON array elements in SQL cost about 12 µs a row on SQLite, reading them about 0.6 µs.
     */
    long countBins(String version, Instant since, Instant until, long[][] counts) {
        Dialect d = db.dialect;
        String sql = "SELECT bins FROM prediction_log WHERE model_version = ? AND predicted_at >= ?"
                + (until == null ? "" : " AND predicted_at < ?") + " AND bins IS NOT NULL";
        return db.use("counting the drift's bins", c -> {
            long n = 0;
            int[] row = new int[counts.length];
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setFetchSize(4096);
                int i = 1;
                q.setString(i++, version);
                d.setTime(q, i++, since);
                if (until != null) {
                    d.setTime(q, i, until);
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        n += PredictionRows.addBins(rs.getString(1), counts, row) ? 1 : 0;
                    }
                }
            }
            return n;
        });
    }

    /**
     * Where the log stands, for {@link DriftCounts}: the highest id, the earliest prediction time
     * among rows past {@code afterId} (null when there are none) and the latest prediction time
     * (null for an empty log). Index lookups only.
     */
    LogMark mark(long afterId) {
        return db.use("reading where the prediction log stands", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT (SELECT MAX(id) FROM prediction_log), "
                    + "(SELECT MIN(predicted_at) FROM prediction_log WHERE id > ?), (SELECT MAX(predicted_at) FROM prediction_log)")) {
                q.setLong(1, afterId);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    long maxId = rs.getLong(1);
                    return new LogMark(rs.wasNull() ? afterId : maxId, db.dialect.time(rs, 2), db.dialect.time(rs, 3));
                }
            }
        });
    }

    /** See {@link #mark}. */
    record LogMark(long maxId, Instant earliestNew, Instant latest) {
    }

    /** Predictions logged per UTC day, oldest first, counted by the database. */
    Map<String, Long> perDay() {
        String day = db.dialect.day("predicted_at");
        return db.use("counting predictions per day", c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + day + " AS d, COUNT(*) FROM prediction_log GROUP BY " + day + " ORDER BY d");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }
}
