package io.leadscore.feedback;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of served predictions, kept in the feedback store's SQLite file as chunks of up to
 * {@link #CHUNK} predictions ({@link PredictionChunk}): request threads only queue predictions;
 * one writer thread gathers what arrives within {@link #LINGER_MILLIS} and commits it as one row of
 * {@code prediction_chunks}, so logging costs well under a microsecond of CPU per prediction
 * (the writer sleeps out the window instead of waking for each prediction).
 * <p>
 * Durability: predictions are never acknowledged to anyone, so this connection commits with
 * {@code synchronous=NORMAL} (WAL: a crash of the process loses at most what was still queued; the
 * file stays consistent). Outcomes, which are acknowledged, are {@link FeedbackStore}'s and fully
 * synced. A store written by an earlier release (one SQLite row per prediction in a
 * {@code predictions} table) is converted to chunks, in one transaction, when it is opened.
 */
final class PredictionLog implements AutoCloseable {
    /** Most predictions in one chunk. */
    static final int CHUNK = 1024;
    /** How long the writer gathers predictions before committing what it has. */
    static final long LINGER_MILLIS = 50;
    private static final int QUEUE = 100_000;
    private static final long DAY_MILLIS = 86_400_000L;
    /** Queue marker: stop the writer after what came before it. */
    private static final Object STOP = new Object();
    private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);

    private final Connection writes;
    private final Connection reads;
    /** Queued predictions ({@link Queued}), flush latches and the stop marker. */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Room for queued predictions: one permit each. */
    private final Semaphore room = new Semaphore(QUEUE);
    private final Thread writer;

    PredictionLog(Path file) throws SQLException {
        this.writes = FeedbackStore.connect(file);
        try (Statement s = writes.createStatement()) {
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE IF NOT EXISTS prediction_chunks (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "rows INTEGER NOT NULL, first_at_ms INTEGER NOT NULL, last_at_ms INTEGER NOT NULL, data BLOB NOT NULL)");
        }
        convertRowTable();
        this.reads = FeedbackStore.connect(file);
        this.writer = new Thread(this::drain, "prediction-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues predictions (one queue entry for all of them, so a batch takes the queue's lock once);
     * blocks only while the writer is {@value #QUEUE} predictions behind.
     */
    void log(List<PredictionRecord> predictions) {
        if (predictions.isEmpty()) {
            return;
        }
        int rows = Math.min(predictions.size(), QUEUE);
        try {
            room.acquire(rows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        queue.add(new Queued(predictions, rows));
    }

    /** Predictions queued together, holding {@code permits} of the queue's room. */
    private record Queued(List<PredictionRecord> predictions, int permits) {
    }

    /** Waits until every prediction queued before this call is committed. */
    void flush() {
        CountDownLatch done = new CountDownLatch(1);
        try {
            queue.put(done);
            LockSupport.unpark(writer);
            if (!done.await(30, TimeUnit.SECONDS)) {
                LOG.warn("the prediction log did not catch up within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        List<Object> taken = new ArrayList<>();
        List<PredictionRecord> chunk = new ArrayList<>(CHUNK);
        List<CountDownLatch> flushed = new ArrayList<>();
        int permits = 0;
        boolean stop = false;
        while (!stop) {
            try {
                taken.add(queue.take());
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
                while (true) {
                    queue.drainTo(taken);
                    for (Object o : taken) {
                        if (o instanceof Queued q) {
                            chunk.addAll(q.predictions());
                            permits += q.permits();
                        } else if (o instanceof CountDownLatch l) {
                            flushed.add(l);
                        } else if (o == STOP) {
                            stop = true;
                        }
                    }
                    taken.clear();
                    long left = deadline - System.nanoTime();
                    if (stop || !flushed.isEmpty() || chunk.size() >= CHUNK || left <= 0) {
                        break;
                    }
                    // sleep out the rest of the window rather than waking for every prediction;
                    // flush() and close() wake the writer at once
                    LockSupport.parkNanos(this, left);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            } catch (InterruptedException e) {
                stop = true;
            }
            for (int from = 0; from < chunk.size(); from += CHUNK) {
                write(chunk.subList(from, Math.min(chunk.size(), from + CHUNK)));
            }
            chunk.clear();
            room.release(permits);
            permits = 0;
            flushed.forEach(CountDownLatch::countDown);
            flushed.clear();
        }
    }

    private void write(List<PredictionRecord> chunk) {
        if (chunk.isEmpty()) {
            return;
        }
        try {
            insert(writes, chunk);
        } catch (SQLException | RuntimeException e) {
            LOG.atError().addKeyValue("event", "prediction_log_failed").addKeyValue("predictions", chunk.size())
                    .log("could not write {} predictions to the log: {}", chunk.size(), e.getMessage());
        }
    }

    private static void insert(Connection c, List<PredictionRecord> chunk) throws SQLException {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (PredictionRecord p : chunk) {
            long ms = p.at().toEpochMilli();
            first = Math.min(first, ms);
            last = Math.max(last, ms);
        }
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO prediction_chunks (rows, first_at_ms, last_at_ms, data) VALUES (?, ?, ?, ?)")) {
            ins.setInt(1, chunk.size());
            ins.setLong(2, first);
            ins.setLong(3, last);
            ins.setBytes(4, PredictionChunk.encode(chunk));
            ins.executeUpdate();
        }
    }

    /**
     * Calls {@code visitor} with every logged prediction, in the order logged; with {@code since},
     * only chunks that may hold predictions made at or after it are read (the visitor still checks
     * each row's time).
     */
    void scan(Instant since, PredictionChunk.RowVisitor visitor) {
        decode("SELECT data FROM prediction_chunks" + (since == null ? "" : " WHERE last_at_ms >= ?") + " ORDER BY id",
                since == null ? null : since.toEpochMilli(), visitor);
    }

    /** A chunk of the log: its id (chunks are numbered in the order written) and its predictions' span of time. */
    record Span(long id, long firstMs, long lastMs) {
    }

    /** The chunks whose last prediction was made at or after {@code fromMs}, by id, without reading their predictions. */
    List<Span> spans(long fromMs) {
        List<Span> out = new ArrayList<>();
        synchronized (reads) {
            try (PreparedStatement q = reads.prepareStatement(
                    "SELECT id, first_at_ms, last_at_ms FROM prediction_chunks WHERE last_at_ms >= ? ORDER BY id")) {
                q.setLong(1, fromMs);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Span(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the prediction log: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Calls {@code visitor} with every prediction of one chunk, in order. */
    void scan(long chunkId, PredictionChunk.RowVisitor visitor) {
        decode("SELECT data FROM prediction_chunks WHERE id = ?", chunkId, visitor);
    }

    /** Decodes the chunks {@code sql} selects (its one parameter bound to {@code parameter} unless null), in its order. */
    private void decode(String sql, Long parameter, PredictionChunk.RowVisitor visitor) {
        synchronized (reads) {
            try (PreparedStatement q = reads.prepareStatement(sql)) {
                if (parameter != null) {
                    q.setLong(1, parameter);
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        PredictionChunk.decode(rs.getBytes(1), visitor);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the prediction log: " + e.getMessage(), e);
            }
        }
    }

    /** Predictions logged per UTC day, oldest first; a chunk within one day is counted without reading it. */
    Map<String, Long> perDay() {
        Map<String, Long> out = new TreeMap<>();
        List<Long> spanning = new ArrayList<>();
        synchronized (reads) {
            try (Statement s = reads.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, rows, first_at_ms, last_at_ms FROM prediction_chunks")) {
                while (rs.next()) {
                    long first = Math.floorDiv(rs.getLong(3), DAY_MILLIS);
                    if (first == Math.floorDiv(rs.getLong(4), DAY_MILLIS)) {
                        out.merge(LocalDate.ofEpochDay(first).toString(), rs.getLong(2), Long::sum);
                    } else {
                        spanning.add(rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the prediction log: " + e.getMessage(), e);
            }
            for (long id : spanning) {
                scan(id, row -> out.merge(LocalDate.ofEpochDay(Math.floorDiv(row.epochSecond, 86_400L)).toString(), 1L, Long::sum));
            }
        }
        return out;
    }

    /** Turns the one-row-per-prediction table of earlier releases into chunks, in one transaction. */
    private void convertRowTable() throws SQLException {
        Set<String> columns = new HashSet<>();
        try (Statement s = writes.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(predictions)")) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
            }
        }
        if (columns.isEmpty()) {
            return;
        }
        writes.setAutoCommit(false);
        try (Statement s = writes.createStatement();
             ResultSet rs = s.executeQuery("SELECT lead_id, model_version, probability, score, tier, challenger_version, challenger_probability, at, "
                     + (columns.contains("bins") ? "bins" : "NULL") + " FROM predictions ORDER BY id")) {
            List<PredictionRecord> chunk = new ArrayList<>(CHUNK);
            long converted = 0;
            long unreadable = 0;
            while (rs.next()) {
                Instant at;
                try {
                    at = Instant.parse(rs.getString(8));
                } catch (DateTimeParseException | NullPointerException e) {
                    unreadable++;
                    continue;
                }
                double cp = rs.getDouble(7);
                Double challenger = rs.wasNull() ? null : cp;
                chunk.add(new PredictionRecord(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4), rs.getString(5),
                        rs.getString(6), challenger, at, rs.getBytes(9)));
                if (chunk.size() == CHUNK) {
                    insert(writes, chunk);
                    converted += chunk.size();
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                insert(writes, chunk);
                converted += chunk.size();
            }
            s.execute("DROP TABLE predictions");
            writes.commit();
            LOG.info("converted {} logged predictions to the chunked log{}", converted,
                    unreadable == 0 ? "" : " (" + unreadable + " without a readable time left out)");
        } catch (SQLException | RuntimeException e) {
            writes.rollback();
            throw e;
        } finally {
            writes.setAutoCommit(true);
        }
    }

    /** Writes what is queued, stops the writer and closes the connections. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            LockSupport.unpark(writer);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writes.close();
            reads.close();
        } catch (SQLException e) {
            LOG.warn("closing the prediction log: {}", e.getMessage());
        }
    }
}
