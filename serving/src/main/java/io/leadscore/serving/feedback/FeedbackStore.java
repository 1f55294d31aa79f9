package io.leadscore.serving.feedback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded feedback store: one SQLite file (WAL journal, {@code synchronous=FULL}) holding
 * reported outcomes and logged predictions.
 * <ul>
 *   <li>{@link #record(Outcome)} returns only after the outcome is committed to disk, so an
 *       acknowledged outcome survives a crash; it is idempotent by outcome id;</li>
 *   <li>{@link #log(PredictionRecord)} queues predictions for a writer thread that commits them in
 *       batches (the predict path never waits on the disk); {@link #close()} drains the queue;</li>
 *   <li>each prediction keeps the bins of the lead's fields ({@code bins}, one byte per model input,
 *       never values), which {@link #countBins} adds up for the drift of a model version.</li>
 * </ul>
 * A store written before predictions kept bins gains the column when it is opened.
 */
public final class FeedbackStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackStore.class);
    private static final int QUEUE = 100_000;
    private static final int BATCH = 2_000;
    /** Queue marker: stop the writer after what came before it. */
    private static final Object STOP = new Object();

    /** The result of recording an outcome. */
    public enum Recorded {
        /** Stored now. */
        NEW,
        /** The same outcome was already stored under this id. */
        DUPLICATE,
        /** This id was already used for a different outcome. */
        CONFLICT
    }

    private final Path file;
    private final Connection outcomes;
    private final Connection predictions;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;

    private FeedbackStore(Path file) throws SQLException {
        this.file = file;
        this.outcomes = connect(file);
        try (Statement s = outcomes.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS outcomes (outcome_id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, "
                    + "converted INTEGER NOT NULL, at TEXT NOT NULL, deal_value REAL, received_at TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS predictions (id INTEGER PRIMARY KEY AUTOINCREMENT, lead_id TEXT, "
                    + "model_version TEXT NOT NULL, probability REAL NOT NULL, score INTEGER NOT NULL, tier TEXT NOT NULL, "
                    + "challenger_version TEXT, challenger_probability REAL, at TEXT NOT NULL, bins BLOB)");
            if (!columns(s, "predictions").contains("bins")) {
                s.execute("ALTER TABLE predictions ADD COLUMN bins BLOB");
            }
            s.execute("CREATE INDEX IF NOT EXISTS predictions_lead ON predictions (lead_id)");
            s.execute("CREATE INDEX IF NOT EXISTS predictions_version_at ON predictions (model_version, at)");
            s.execute("CREATE INDEX IF NOT EXISTS outcomes_lead ON outcomes (lead_id)");
        }
        this.predictions = connect(file);
        this.writer = new Thread(this::drain, "prediction-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private static java.util.Set<String> columns(Statement s, String table) throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                out.add(rs.getString("name"));
            }
        }
        return out;
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

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
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
        try {
            queue.put(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every prediction queued before this call is committed. */
    public void flush() {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try {
            queue.put(done);
            if (!done.await(30, TimeUnit.SECONDS)) {
                LOG.warn("the prediction log did not catch up within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        List<Object> taken = new ArrayList<>(BATCH);
        List<PredictionRecord> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                taken.add(queue.take());
                queue.drainTo(taken, BATCH - 1);
                boolean stop = false;
                List<java.util.concurrent.CountDownLatch> flushed = new ArrayList<>();
                for (Object o : taken) {
                    if (o instanceof PredictionRecord p) {
                        batch.add(p);
                    } else if (o instanceof java.util.concurrent.CountDownLatch l) {
                        flushed.add(l);
                    } else if (o == STOP) {
                        stop = true;
                    }
                }
                write(batch);
                flushed.forEach(java.util.concurrent.CountDownLatch::countDown);
                batch.clear();
                taken.clear();
                if (stop) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write(List<PredictionRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (predictions) {
            try (PreparedStatement ins = predictions.prepareStatement("INSERT INTO predictions (lead_id, model_version, probability, "
                    + "score, tier, challenger_version, challenger_probability, at, bins) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                predictions.setAutoCommit(false);
                for (PredictionRecord p : batch) {
                    ins.setString(1, p.leadId());
                    ins.setString(2, p.modelVersion());
                    ins.setDouble(3, p.probability());
                    ins.setInt(4, p.score());
                    ins.setString(5, p.tier());
                    ins.setString(6, p.challengerVersion());
                    if (p.challengerProbability() == null) {
                        ins.setNull(7, Types.REAL);
                    } else {
                        ins.setDouble(7, p.challengerProbability());
                    }
                    ins.setString(8, p.at());
                    ins.setBytes(9, p.bins());
                    ins.addBatch();
                }
                ins.executeBatch();
                predictions.commit();
            } catch (SQLException e) {
                LOG.error("could not write {} predictions to the log: {}", batch.size(), e.getMessage());
            } finally {
                try {
                    predictions.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the connection is unusable; the next batch reports it
                }
            }
        }
    }

    /** Logged predictions, oldest first. */
    public List<PredictionRecord> predictions() {
        flush();
        List<PredictionRecord> out = new ArrayList<>();
        synchronized (predictions) {
            try (Statement s = predictions.createStatement();
                 ResultSet rs = s.executeQuery("SELECT lead_id, model_version, probability, score, tier, challenger_version, "
                         + "challenger_probability, at, bins FROM predictions ORDER BY id")) {
                while (rs.next()) {
                    double cp = rs.getDouble(7);
                    Double challenger = rs.wasNull() ? null : cp;
                    out.add(new PredictionRecord(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4), rs.getString(5),
                            rs.getString(6), challenger, rs.getString(8), rs.getBytes(9)));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /**
     * For every reported outcome, the probability of the latest prediction logged for its lead:
     * {@code [probabilities, outcomes]}, the pairs behind the live AUC.
     */
    public Object[] scoredOutcomes() {
        flush();
        List<Double> p = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        synchronized (predictions) {
            try (Statement s = predictions.createStatement();
                 ResultSet rs = s.executeQuery("SELECT p.probability, o.converted FROM outcomes o JOIN predictions p "
                         + "ON p.id = (SELECT MAX(id) FROM predictions WHERE lead_id = o.lead_id)")) {
                while (rs.next()) {
                    p.add(rs.getDouble(1));
                    y.add(rs.getInt(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Object[] {p.stream().mapToDouble(Double::doubleValue).toArray(), y.stream().mapToInt(Integer::intValue).toArray()};
    }

    /**
     * Adds up the logged bins of a model version's predictions made at or after {@code since}:
     * {@code counts[i][b]} grows by one for every such prediction whose input {@code i} fell into bin
     * {@code b}. Predictions without bins, or with bins of another shape, are left out.
     *
     * @param counts one array per input of the model, as long as that input's bins
     * @return how many predictions were counted
     */
    public long countBins(String modelVersion, String since, long[][] counts) {
        flush();
        long n = 0;
        synchronized (predictions) {
            try (PreparedStatement q = predictions.prepareStatement(
                    "SELECT bins FROM predictions WHERE model_version = ? AND at >= ? AND bins IS NOT NULL")) {
                q.setString(1, modelVersion);
                q.setString(2, since);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        if (add(rs.getBytes(1), counts)) {
                            n++;
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return n;
    }

    private static boolean add(byte[] bins, long[][] counts) {
        if (bins == null || bins.length != counts.length) {
            return false;
        }
        for (int i = 0; i < bins.length; i++) {
            if ((bins[i] & 0xFF) >= counts[i].length) {
                return false;
            }
        }
        for (int i = 0; i < bins.length; i++) {
            counts[i][bins[i] & 0xFF]++;
        }
        return true;
    }

    /** Predictions logged per day (UTC date → count), oldest first. */
    public java.util.Map<String, Long> predictionsPerDay() {
        flush();
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        synchronized (predictions) {
            try (Statement s = predictions.createStatement();
                 ResultSet rs = s.executeQuery("SELECT substr(at, 1, 10) AS day, COUNT(*) FROM predictions GROUP BY day ORDER BY day")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            queue.put(STOP);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            predictions.close();
            outcomes.close();
        } catch (SQLException e) {
            LOG.warn("closing the feedback store: {}", e.getMessage());
        }
    }
}
