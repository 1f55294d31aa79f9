package io.leadscore.feedback;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the prediction log off the request path: {@link #log} only queues (never blocks, never
 * throws); one writer thread gathers what arrives within {@link #LINGER_MILLIS} and inserts it in
 * batches of up to {@link #BATCH}. Predictions not yet written — queued, or kept while the database
 * is unreachable — are bounded ({@code bound}); past the bound new ones are dropped and counted.
 * While writing fails the writer retries what it keeps, backing off up to 5 s, and probes an idle
 * database, so writing resumes by itself once it is back.
 */
final class PredictionWriter implements AutoCloseable {
    /**
     * Most predictions in one insert batch (one transaction): large, so that a lead scored again
     * within the linger window dirties its index page once.
     */
    static final int BATCH = 8192;
    /** How long the writer gathers predictions before writing what it has. */
    static final long LINGER_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(PredictionWriter.class);
    private static final Object STOP = new Object();

    /** Where the batches go. */
    interface Sink {
        /** Writes a batch in one transaction, or throws (nothing written). */
        void write(List<PredictionRecord> batch) throws SQLException;

        /** Checks that the database answers. */
        void probe() throws SQLException;
    }

    private record Queued(List<PredictionRecord> predictions) {
    }

    /** A flush: released once the writer has tried to write everything queued before it. */
    private static final class Flush {
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean written;
    }

    private final Sink sink;
    private final Availability availability;
    private final int bound;
    /** Room for predictions not yet written: one permit each. */
    private final Semaphore room;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private long lastDropWarning;
    private final Thread writer;

    PredictionWriter(Sink sink, Availability availability, int bound) {
        this.sink = sink;
        this.availability = availability;
        this.bound = bound;
        this.room = new Semaphore(bound);
        this.writer = new Thread(this::run, "prediction-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues predictions, in order; drops and counts them all when the bound has no room for them. */
    void log(List<PredictionRecord> predictions) {
        if (predictions.isEmpty()) {
            return;
        }
        if (closed || !room.tryAcquire(predictions.size())) {
            long total = dropped.addAndGet(predictions.size());
            warnDropped(total);
            return;
        }
        queue.add(new Queued(predictions));
    }

    private void warnDropped(long total) {
        long now = System.nanoTime();
        synchronized (dropped) {
            if (lastDropWarning != 0 && now - lastDropWarning < TimeUnit.SECONDS.toNanos(10)) {
                return;
            }
            lastDropWarning = now;
        }
        LOG.atWarn().addKeyValue("event", "prediction_log_dropped").addKeyValue("dropped_total", total)
                .log("the prediction log is {} predictions behind (its bound): {} dropped so far", bound, total);
    }

    /** Predictions dropped since start because the bound was full (or the log closed). */
    long dropped() {
        return dropped.get();
    }

    /** Predictions queued or kept for writing, not yet written. */
    long buffered() {
        return bound - room.availablePermits();
    }

    int bound() {
        return bound;
    }

    /**
     * Waits until the writer has tried to write everything queued before this call (at most 30 s).
     *
     * @return whether all of it is written
     */
    boolean flush() {
        if (!writer.isAlive()) {
            return buffered() == 0;
        }
        Flush f = new Flush();
        try {
            queue.put(f);
            LockSupport.unpark(writer);
            return f.done.await(30, TimeUnit.SECONDS) && f.written;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        List<PredictionRecord> pending = new ArrayList<>();
        List<Flush> flushes = new ArrayList<>();
        long backoff = 0;
        boolean stop = false;
        while (!stop) {
            try {
                Object first = backoff == 0 ? queue.take() : queue.poll(backoff, TimeUnit.MILLISECONDS);
                List<Object> taken = new ArrayList<>();
                if (first != null) {
                    taken.add(first);
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
                while (first != null) {
                    queue.drainTo(taken);
                    for (Object o : taken) {
                        if (o instanceof Queued q) {
                            pending.addAll(q.predictions());
                        } else if (o instanceof Flush f) {
                            flushes.add(f);
                        } else if (o == STOP) {
                            stop = true;
                        }
                    }
                    taken.clear();
                    long left = deadline - System.nanoTime();
                    if (stop || !flushes.isEmpty() || pending.size() >= BATCH || left <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(this, left); // sleep out the window; flush() and close() wake the writer
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            } catch (InterruptedException e) {
                stop = true;
            }
            boolean ok = pending.isEmpty() ? probeIfFailing() : write(pending);
            backoff = ok ? 0 : Math.min(MAX_BACKOFF_MILLIS, Math.max(500, backoff * 2));
            for (Flush f : flushes) {
                f.written = pending.isEmpty();
                f.done.countDown();
            }
            flushes.clear();
        }
        if (!pending.isEmpty()) {
            long total = dropped.addAndGet(pending.size());
            room.release(pending.size());
            LOG.atError().addKeyValue("event", "prediction_log_failed").addKeyValue("predictions", pending.size())
                    .log("closing with {} predictions unwritten (database unreachable); {} dropped since start", pending.size(), total);
        }
    }

    /** Writes what is pending in batches, in order, until done or a batch fails; whether all went. */
    private boolean write(List<PredictionRecord> pending) {
        while (!pending.isEmpty()) {
            List<PredictionRecord> batch = pending.subList(0, Math.min(BATCH, pending.size()));
            int n = batch.size();
            try {
                sink.write(batch);
                availability.worked();
            } catch (SQLException | RuntimeException e) {
                if (availability.failed("writing the prediction log", e)) {
                    return false; // kept for the next try
                }
                long total = dropped.addAndGet(n); // a fault in the rows, not the database: trying again cannot help
                LOG.atError().addKeyValue("event", "prediction_log_failed").addKeyValue("predictions", n)
                        .log("could not write {} predictions to the log ({}); {} dropped since start", n, Availability.describe(e), total);
            }
            batch.clear();
            room.release(n);
        }
        return true;
    }

    private boolean probeIfFailing() {
        if (availability.ok()) {
            return true;
        }
        try {
            sink.probe();
            availability.worked();
            return true;
        } catch (SQLException | RuntimeException e) {
            availability.failed("probing the database", e);
            return false;
        }
    }

    /** Writes what is queued (one try), stops the writer; what could not be written is dropped and counted. */
    @Override
    public void close() {
        closed = true;
        try {
            queue.put(STOP);
            LockSupport.unpark(writer);
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
