package io.leadscore.feedback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded feedback store: one SQLite file (WAL journal) holding reported outcomes and the log
 * of served predictions.
 * <ul>
 *   <li>{@link #record(Outcome)} returns only after the outcome is committed and synced to disk
 *       ({@code synchronous=FULL}), so an acknowledged outcome survives a crash; it is idempotent by
 *       outcome id;</li>
 *   <li>{@link #log(PredictionRecord)} queues a prediction for the {@link PredictionLog}'s writer
 *       thread, which commits them in chunks (the predict path never waits on the disk; a batch is
 *       queued at once);
 *       {@link #close()} drains the queue;</li>
 *   <li>each prediction keeps the bins of the lead's fields ({@code bins}, one byte per model input,
 *       never values), which {@link #countBins} adds up for the drift of a model version;</li>
 *   <li>{@link #scoredOutcomes()} pairs each outcome with the prediction it judges: the lead's
 *       latest prediction made at or before the outcome.</li>
 * </ul>
 */
public final class FeedbackStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackStore.class);

    /** The result of recording an outcome. */
    public enum Recorded {
        /** Stored now. */
        NEW,
        /** The same outcome was already stored under this id. */
        DUPLICATE,
        /** This id was already used for a different outcome. */
        CONFLICT
    }

    /**
     * A reported outcome with the prediction it judges.
     *
     * @param outcome the outcome
     * @param prediction the lead's latest logged prediction made at or before the outcome (the later
     *     one logged on a tie), or null when none was
     */
    public record ScoredOutcome(Outcome outcome, PredictionRecord prediction) {
    }

    private final Path file;
    private final Connection outcomes;
    private final PredictionLog predictions;
    private final Object binWindowLock = new Object();
    /** The drift window's running sum of bins, for {@link #countBins}; null until the first count. */
    private BinWindow binWindow;

    private FeedbackStore(Path file) throws SQLException {
        this.file = file;
        this.outcomes = connect(file);
        try (Statement s = outcomes.createStatement()) {
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE IF NOT EXISTS outcomes (outcome_id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, "
                    + "converted INTEGER NOT NULL, at TEXT NOT NULL, deal_value REAL, received_at TEXT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS outcomes_lead ON outcomes (lead_id)");
        }
        try {
            this.predictions = new PredictionLog(file);
        } catch (SQLException | RuntimeException e) {
            outcomes.close();
            throw e;
        }
    }

    /** Opens (or creates) the store at {@code file}. */
    public static FeedbackStore open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new FeedbackStore(file);
        } catch (SQLException | java.io.IOException e) {
            throw new io.leadscore.data.DataException(file.toString(), "cannot open the feedback store: " + e.getMessage());
        }
    }

    /** A connection to the store's file in WAL mode; the caller sets how hard it syncs. */
    static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    public Path file() {
        return file;
    }

    /** Stores an outcome durably (committed and synced) before returning. */
    public synchronized Recorded record(Outcome o) {
        try (PreparedStatement ins = outcomes.prepareStatement(
                "INSERT INTO outcomes (outcome_id, lead_id, converted, at, deal_value, received_at) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (outcome_id) DO NOTHING")) {
            ins.setString(1, o.outcomeId());
            ins.setString(2, o.leadId());
            ins.setInt(3, o.converted() ? 1 : 0);
            ins.setString(4, o.at());
            if (o.dealValue() == null) {
                ins.setNull(5, Types.REAL);
            } else {
                ins.setDouble(5, o.dealValue());
            }
            ins.setString(6, java.time.Instant.now().toString());
            if (ins.executeUpdate() == 1) {
                return Recorded.NEW;
            }
            Outcome existing = outcome(o.outcomeId());
            return sameOutcome(existing, o) ? Recorded.DUPLICATE : Recorded.CONFLICT;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store an outcome: " + e.getMessage(), e);
        }
    }

    private static boolean sameOutcome(Outcome a, Outcome b) {
        return a != null && a.leadId().equals(b.leadId()) && a.converted() == b.converted()
                && a.at().equals(b.at()) && Objects.equals(a.dealValue(), b.dealValue());
    }

    /** The outcome stored under an id, or null. */
    public synchronized Outcome outcome(String outcomeId) {
        try (PreparedStatement q = outcomes.prepareStatement(
                "SELECT outcome_id, lead_id, converted, at, deal_value FROM outcomes WHERE outcome_id = ?")) {
            q.setString(1, outcomeId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? outcomeOf(rs) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every stored outcome, oldest report first. */
    public synchronized List<Outcome> outcomes() {
        List<Outcome> out = new ArrayList<>();
        try (Statement s = outcomes.createStatement();
             ResultSet rs = s.executeQuery("SELECT outcome_id, lead_id, converted, at, deal_value FROM outcomes ORDER BY rowid")) {
            while (rs.next()) {
                out.add(outcomeOf(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Outcome outcomeOf(ResultSet rs) throws SQLException {
        double v = rs.getDouble(5);
        Double deal = rs.wasNull() ? null : v;
        return new Outcome(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getString(4), deal);
    }

    /** Counts of stored outcomes: {@code [converted, lost]}. */
    public synchronized long[] outcomeCounts() {
        try (Statement s = outcomes.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(converted), 0), COUNT(*) - COALESCE(SUM(converted), 0) FROM outcomes")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Queues a prediction for the log; blocks only if the writer has fallen far behind. */
    public void log(PredictionRecord p) {
        predictions.log(List.of(p));
    }

    /**
     * Queues predictions for the log, in order, at the cost of one; blocks only if the writer has
     * fallen far behind. The list is kept until written: it must not change afterwards.
     */
    public void log(List<PredictionRecord> batch) {
        predictions.log(batch);
    }

    /** Waits until every prediction queued before this call is committed. */
    public void flush() {
        predictions.flush();
    }

    /** Logged predictions, in the order logged. */
    public List<PredictionRecord> predictions() {
        flush();
        List<PredictionRecord> out = new ArrayList<>();
        predictions.scan(null, row -> out.add(row.record()));
        return out;
    }

    /** Every reported outcome, oldest report first, with the prediction it judges. */
    public List<ScoredOutcome> scoredOutcomes() {
        List<Outcome> all = outcomes();
        if (all.isEmpty()) {
            return List.of(); // nothing to judge: the log is not read
        }
        Map<String, List<Integer>> byLead = new HashMap<>();
        Instant[] when = new Instant[all.size()];
        for (int i = 0; i < all.size(); i++) {
            byLead.computeIfAbsent(all.get(i).leadId(), k -> new ArrayList<>()).add(i);
            when[i] = Instant.parse(all.get(i).at());
        }
        PredictionRecord[] judged = new PredictionRecord[all.size()];
        flush();
        predictions.scan(null, row -> {
            List<Integer> reported = row.leadId == null ? null : byLead.get(row.leadId);
            if (reported == null) {
                return;
            }
            Instant at = row.at();
            PredictionRecord record = null;
            for (int i : reported) {
                if (!at.isAfter(when[i]) && (judged[i] == null || !at.isBefore(judged[i].at()))) {
                    judged[i] = record == null ? (record = row.record()) : record;
                }
            }
        });
        List<ScoredOutcome> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            out.add(new ScoredOutcome(all.get(i), judged[i]));
        }
        return out;
    }

    /** The latest logged prediction of every lead that has an id (the later one logged on a tie), in no particular order. */
    public java.util.Collection<PredictionRecord> latestPredictions() {
        Map<String, PredictionRecord> latest = new HashMap<>();
        flush();
        predictions.scan(null, row -> {
            if (row.leadId != null) {
                PredictionRecord known = latest.get(row.leadId);
                if (known == null || !row.at().isBefore(known.at())) {
                    latest.put(row.leadId, row.record());
                }
            }
        });
        return latest.values();
    }

    /**
     * Adds up the logged bins of a model version's predictions made at or after {@code since}:
     * {@code counts[i][b]} grows by one for every such prediction whose input {@code i} fell into bin
     * {@code b}. Predictions without bins, or with bins of another shape, are left out. Calls for one
     * version with a start that moves forward (the live panel's drift window) keep a running sum
     * ({@link BinWindow}) and read only what changed since the last call.
     *
     * @param counts one array per input of the model, as long as that input's bins
     * @return how many predictions were counted
     */
    public long countBins(String modelVersion, Instant since, long[][] counts) {
        flush();
        synchronized (binWindowLock) {
            if (binWindow == null || !binWindow.fits(modelVersion, counts, since)) {
                binWindow = new BinWindow(modelVersion, counts, since);
            }
            try {
                return binWindow.count(predictions, since, counts);
            } catch (RuntimeException e) {
                binWindow = null; // a count cut short leaves a partial sum: the next count starts afresh
                throw e;
            }
        }
    }

    /** Predictions logged per day (UTC date → count), oldest first. */
    public Map<String, Long> predictionsPerDay() {
        flush();
        return predictions.perDay();
    }

    @Override
    public void close() {
        predictions.close();
        try {
            outcomes.close();
        } catch (SQLException e) {
            LOG.warn("closing the feedback store: {}", e.getMessage());
        }
    }
}
