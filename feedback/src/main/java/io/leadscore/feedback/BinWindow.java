package io.leadscore.feedback;

import java.time.Instant;

/**
 * The logged bins of one model version's predictions made at or after the start of a window that
 * moves forward (the drift window: the last 7 days), kept as a running sum from one count to the
 * next. Chunks of the prediction log never change once written, so a count reads only the chunks
 * written since the last one (added to the sum), the chunks whose first prediction the window's
 * start has passed since (taken out of it again) and the few chunks that straddle the start
 * (counted row by row) — not every prediction of the window, every minute. The figures are those
 * of adding up every row in the window. Not thread-safe: {@link FeedbackStore} counts under a lock.
 */
final class BinWindow {
    private final String version;
    /** Each input's number of bins. */
    private final int[] shape;
    private final long[][] sum;
    /** Predictions in {@link #sum}. */
    private long n;
    /** The window's start when last counted, in epoch ms (rounded down). */
    private long startMs;
    /**
     * The last chunk read: the sum holds exactly the chunks up to it whose first prediction was made
     * after {@link #startMs} (so every one of its predictions is in the window).
     */
    private long lastChunk;

    /** An empty window for this version and this shape of bins, starting at {@code start}. */
    BinWindow(String version, long[][] counts, Instant start) {
        this.version = version;
        this.shape = new int[counts.length];
        this.sum = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            shape[i] = counts[i].length;
            sum[i] = new long[counts[i].length];
        }
        this.startMs = start.toEpochMilli();
    }

    /** Whether this window can count for this version, these bins and this start (which must not have moved back). */
    boolean fits(String version, long[][] counts, Instant start) {
        if (!this.version.equals(version) || counts.length != shape.length || start.toEpochMilli() < startMs) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (counts[i].length != shape[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds to {@code counts} the bins of the version's predictions made at or after {@code start},
     * moving the window there.
     *
     * @return how many predictions were counted
     */
    long count(PredictionLog log, Instant start, long[][] counts) {
        long s = start.toEpochMilli();
        long partial = 0;
        long last = lastChunk;
        for (PredictionLog.Span chunk : log.spans(startMs)) { // every chunk that is in the sum or may enter it
            boolean inSum = chunk.id() <= lastChunk && chunk.firstMs() > startMs;
            boolean whole = chunk.firstMs() > s; // every prediction at or after the start, to the millisecond
            if (inSum && !whole) {
                n -= fold(log, chunk.id(), -1);
            } else if (!inSum && whole && chunk.id() > lastChunk) {
                n += fold(log, chunk.id(), 1);
            }
            if (!whole && chunk.lastMs() >= s) { // straddles the start: row by row
                long[] k = {0};
                log.scan(chunk.id(), row -> {
                    if (row.modelVersion.equals(version) && row.atOrAfter(start) && fits(row.bins)) {
                        add(counts, row.bins, 1);
                        k[0]++;
                    }
                });
                partial += k[0];
            }
            last = Math.max(last, chunk.id());
        }
        lastChunk = last;
        startMs = s;
        for (int i = 0; i < sum.length; i++) {
            for (int b = 0; b < sum[i].length; b++) {
                counts[i][b] += sum[i][b];
            }
        }
        return n + partial;
    }

    /** Adds ({@code sign} 1) or takes out (-1) the version's predictions of one chunk; how many there were. */
    private long fold(PredictionLog log, long chunk, int sign) {
        long[] k = {0};
        log.scan(chunk, row -> {
            if (row.modelVersion.equals(version) && fits(row.bins)) {
                add(sum, row.bins, sign);
                k[0]++;
            }
        });
        return k[0];
    }

    /** Whether a prediction's bins have this window's shape: one per input, each within its input's bins. */
    private boolean fits(byte[] bins) {
        if (bins == null || bins.length != shape.length) {
            return false;
        }
        for (int i = 0; i < bins.length; i++) {
            if ((bins[i] & 0xFF) >= shape[i]) {
                return false;
            }
        }
        return true;
    }

    private static void add(long[][] counts, byte[] bins, int sign) {
        for (int i = 0; i < bins.length; i++) {
            counts[i][bins[i] & 0xFF] += sign;
        }
    }
}
