package io.leadscore.feedback;

import io.leadscore.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The feedback store: reported outcomes and the log of served predictions, in an embedded SQLite
 * file (zero set-up) or in PostgreSQL shared by several servers, chosen by the location
 * ({@link #open(String)}). The same tables in both, created and migrated by Flyway.
 * <ul>
 *   <li>{@link #record(Outcome)} returns once the outcome is committed (SQLite: synced to disk);
 *       it is idempotent by outcome id across every server on the store (a unique key);</li>
 *   <li>{@link #log(PredictionRecord)} queues predictions for a background writer (every 50 ms,
 *       batched inserts): it never blocks or throws; while the database is away predictions wait
 *       in memory up to a bound, then are dropped and counted ({@link #health()});</li>
 *   <li>the figures (outcome counts, the outcome–prediction join of the live AUC, drift bin counts,
 *       predictions per day) are computed by the database.</li>
 * </ul>
 * While the database cannot be reached, outcome writes and reads throw
 * {@link StoreUnavailableException}; everything resumes by itself when it is back.
 */
public final class FeedbackStore implements AutoCloseable {
    /** Predictions that may wait unwritten (queued, or while the database is away) before new ones are dropped. */
    public static final int DEFAULT_BUFFER = 100_000;

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

    private final Database db;
    private final StoreReads reads;
    /** The drift's counts by the hour, so that a refresh reads what is new (thread-safe). */
    private final DriftCounts drift;
    private final WebhookOutbox outbox;
    private final PredictionWriter writer;
    private volatile WebhookRouting routing;
    private volatile Runnable onEvents = () -> { };

    private FeedbackStore(Database db, int buffer) {
        this.db = db;
        this.reads = new StoreReads(db);
        this.drift = new DriftCounts(reads);
        this.outbox = new WebhookOutbox(db);
        this.writer = new PredictionWriter(new PredictionWriter.Sink() {
            @Override
            public void write(List<PredictionRecord> batch) throws SQLException {
                WebhookRouting r = routing;
                int[] events = new int[1];
                db.transaction(true, c -> {
                    TierChanges changes = r == null ? null : TierChanges.find(c, db.dialect, batch, r);
                    PredictionRows.insert(c, db.dialect, batch);
                    if (changes != null) {
                        changes.enqueue(c, db.dialect, r, Instant.now());
                        events[0] = changes.size();
                    }
                    return null;
                });
                if (events[0] > 0) {
                    onEvents.run();
                }
            }

            @Override
            public void probe() throws SQLException {
                db.probe();
            }
        }, db.availability, buffer);
    }

    /**
     * Opens (or creates) the embedded store in a SQLite file.
     *
     * @throws IllegalArgumentException for a PostgreSQL URL made into a path ({@code Path.of} keeps
     *     it as a file name): pass the location as a string to {@link #open(String)}
     */
    public static FeedbackStore open(Path file) {
        if (file.toString().matches("(?i)^(jdbc:)?postgres(ql)?:/.*")) {
            throw new IllegalArgumentException("a PostgreSQL URL passed as a file path: open(String) takes it");
        }
        return open(file.toString());
    }

    /**
     * Opens the store at a location: a file path (SQLite, created with its folder when missing) or
     * {@code postgresql://HOST:PORT/DB} (credentials from the URL or {@code PGUSER}/{@code PGPASSWORD}),
     * migrating its schema (an older SQLite file keeps all its rows).
     *
     * @throws DataException when it cannot be opened or reached (the message names no credentials)
     */
    public static FeedbackStore open(String location) {
        return open(location, DEFAULT_BUFFER);
    }

    /** As {@link #open(String)}, with room for {@code buffer} unwritten predictions. */
    public static FeedbackStore open(String location, int buffer) {
        StoreLocation at = StoreLocation.parse(location, System.getenv());
        try {
            if (at.file() != null && at.file().getParent() != null) {
                Files.createDirectories(at.file().getParent());
            }
            return new FeedbackStore(Database.open(at), buffer);
        } catch (java.io.IOException | RuntimeException e) {
            throw new DataException(at.display(), "cannot open the feedback store: " + e.getMessage());
        }
    }

    /**
     * Turns tier changes into webhook events from now on: each logged prediction into one of the
     * routing's tiers whose tier differs from that of the lead's previous logged prediction (the one
     * logged before it) writes one outbox row per endpoint, in the transaction that logs it;
     * {@code onEvents} runs after such a transaction commits (on the writer's thread: it must only signal).
     */
    public void routeTierChanges(WebhookRouting routing, Runnable onEvents) {
        this.onEvents = onEvents == null ? () -> { } : onEvents;
        this.routing = routing;
    }

    /** The webhook outbox in this store. */
    public WebhookOutbox outbox() {
        return outbox;
    }

    /**
     * A lead's logged predictions, newest first (the reverse of the order logged), made at or after
     * {@code since} (null: all), at most {@code limit}. This server's queued predictions are not
     * flushed first: a prediction shows once the writer has written it (within about 50 ms).
     */
    public List<PredictionRecord> history(String leadId, Instant since, int limit) {
        return reads.history(leadId, since, limit);
    }

    /** Where the store is, without credentials. */
    public String location() {
        return db.location.display();
    }

    /**
     * Stores an outcome once committed (idempotent by outcome id, across servers).
     *
     * @throws StoreUnavailableException when the database cannot be reached: nothing was stored
     */
    public Recorded record(Outcome o) {
        Instant occurred;
        try {
            occurred = Instant.parse(o.at());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("an outcome's time must be an ISO-8601 instant: " + o.at(), e);
        }
        Dialect d = db.dialect;
        int inserted = db.use("storing an outcome", c -> {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO outcomes (outcome_id, lead_id, converted, at, occurred_at, deal_value, "
                    + "received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (outcome_id) DO NOTHING")) {
                ins.setString(1, o.outcomeId());
                ins.setString(2, o.leadId());
                ins.setBoolean(3, o.converted());
                ins.setString(4, o.at());
                d.setTime(ins, 5, occurred);
                if (o.dealValue() == null) {
                    ins.setNull(6, Types.DOUBLE);
                } else {
                    ins.setDouble(6, o.dealValue());
                }
                d.setTime(ins, 7, Instant.now());
                return ins.executeUpdate();
            }
        });
        if (inserted == 1) {
            return Recorded.NEW;
        }
        return sameOutcome(outcome(o.outcomeId()), o) ? Recorded.DUPLICATE : Recorded.CONFLICT;
    }

    private static boolean sameOutcome(Outcome a, Outcome b) {
        return a != null && a.leadId().equals(b.leadId()) && a.converted() == b.converted()
                && a.at().equals(b.at()) && Objects.equals(a.dealValue(), b.dealValue());
    }

    /** The outcome stored under an id, or null. */
    public Outcome outcome(String outcomeId) {
        return reads.outcome(outcomeId);
    }

    /** Every stored outcome, oldest report first. */
    public List<Outcome> outcomes() {
        return reads.outcomes();
    }

    /** Counts of stored outcomes: {@code [converted, lost]}. */
    public long[] outcomeCounts() {
        return reads.outcomeCounts();
    }

    /** Queues a prediction for the log; never blocks or throws (dropped and counted when the buffer is full). */
    public void log(PredictionRecord p) {
        writer.log(List.of(p));
    }

    /** Queues predictions for the log, in order, at the cost of one; the list must not change afterwards. */
    public void log(List<PredictionRecord> batch) {
        writer.log(batch);
    }

    /**
     * Waits until every prediction queued before this call is written, or writing it failed once.
     *
     * @return whether all of them are written
     */
    public boolean flush() {
        return writer.flush();
    }

    /** Logged predictions, in the order written (this server's queued ones first flushed). */
    public List<PredictionRecord> predictions() {
        flush();
        return reads.predictions();
    }

    /** Every reported outcome, oldest report first, with the prediction it judges (joined by the database). */
    public List<ScoredOutcome> scoredOutcomes() {
        flush();
        return reads.scoredOutcomes();
    }

    /** The latest logged prediction of every lead that has an id (the later one logged on a tie), in no particular order. */
    public Collection<PredictionRecord> latestPredictions() {
        flush();
        return reads.latestPredictions();
    }

    /**
     * Adds up the logged bins of a model version's predictions made at or after {@code since} (whole
     * hours counted by the database once and kept, the rest counted again on each call; see
     * {@link DriftCounts}): {@code counts[i][b]} grows by one for every such prediction whose input
     * {@code i} fell into bin {@code b}. Predictions without bins, or with bins of another shape, are
     * left out.
     *
     * @param counts one array per input of the model, as long as that input's bins
     * @return how many predictions were counted
     */
    public long countBins(String modelVersion, Instant since, long[][] counts) {
        flush();
        return drift.count(modelVersion, since, counts);
    }

    /** Predictions logged per day (UTC date → count), oldest first. */
    public Map<String, Long> predictionsPerDay() {
        flush();
        return reads.perDay();
    }

    /** Predictions dropped since start (buffer full while the database was away, or rows it refused). */
    public long droppedPredictions() {
        return writer.dropped();
    }

    /** Predictions queued or waiting in memory, not yet written. */
    public long bufferedPredictions() {
        return writer.buffered();
    }

    /** What is degraded, without waiting on the database. */
    public Health health() {
        Availability a = db.availability;
        return new Health(location(), a.downSince(), a.problem(), writer.buffered(), writer.bound(), writer.dropped());
    }

    /** Writes what is queued (one try), then closes the pool. */
    @Override
    public void close() {
        writer.close();
        db.close();
    }
}
