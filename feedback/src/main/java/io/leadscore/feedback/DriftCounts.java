package io.leadscore.feedback;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The drift's bin counts kept by the hour, so that the live panel's refresh reads only what is new
 * rather than every prediction of the window: whole hours of a model version's predictions are
 * counted once by the database ({@link StoreReads#countBins}) and kept; each call counts the partial
 * first hour of the window and the newest hours again, and adds the kept hours between them. The
 * answer is exactly what one query over the window gives. An hour is kept only once it ends
 * {@link #SETTLE} before the newest prediction logged (a replica's rows still in flight carry the
 * newest times), and a row logged later into a kept hour (a writer that caught up after an outage)
 * makes that hour and the later ones counted again.
 */
final class DriftCounts {
    /** How long before the newest logged prediction an hour must end to be kept. */
    static final Duration SETTLE = Duration.ofMinutes(10);
    private static final Duration HOUR = Duration.ofHours(1);
    /** Versions and shapes kept at most; the oldest is forgotten past it. */
    private static final int KEPT = 16;

    /** The kept hours of one model version's bins of one shape: {@code [from, until)}, hour by hour. */
    private static final class Hours {
        final TreeMap<Instant, long[][]> counts = new TreeMap<>();
        final TreeMap<Instant, Long> n = new TreeMap<>();
        Instant from;
        Instant until;
        long lastId;
    }

    private final StoreReads reads;
    private final Map<String, Hours> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Hours> eldest) {
            return size() > KEPT;
        }
    };

    DriftCounts(StoreReads reads) {
        this.reads = reads;
    }

    /** As {@link StoreReads#countBins(String, Instant, long[][])}, from the kept hours and what is new. */
    synchronized long count(String version, Instant since, long[][] counts) {
        Hours h = kept.computeIfAbsent(version + Arrays.toString(Arrays.stream(counts).mapToInt(c -> c.length).toArray()), k -> new Hours());
        StoreReads.LogMark mark = reads.mark(h.lastId);
        if (h.from != null && mark.earliestNew() != null && mark.earliestNew().isBefore(h.until)) {
            forgetFrom(h, floor(mark.earliestNew())); // logged late into kept hours: count them again
        }
        h.lastId = mark.maxId();
        Instant start = ceil(since);
        if (h.from == null || start.isAfter(h.until) || start.isBefore(h.from.minus(Duration.ofDays(1)))) {
            forgetFrom(h, null);
            h.from = h.until = start;
        }
        while (start.isBefore(h.from)) { // the window moved back a little: count the hours before
            h.from = h.from.minus(HOUR);
            keep(h, version, h.from, counts);
        }
        Instant settled = mark.latest() == null ? h.until : floor(mark.latest().minus(SETTLE));
        while (!h.until.plus(HOUR).isAfter(settled)) {
            keep(h, version, h.until, counts);
            h.until = h.until.plus(HOUR);
        }
        Instant keepFrom = start.minus(Duration.ofDays(1)); // hours long out of the window are forgotten
        if (h.from.isBefore(keepFrom)) {
            h.counts.headMap(keepFrom).clear();
            h.n.headMap(keepFrom).clear();
            h.from = keepFrom;
        }
        long total = since.isBefore(start) ? reads.countBins(version, since, start, counts) : 0;
        for (Map.Entry<Instant, long[][]> e : h.counts.tailMap(start).entrySet()) {
            long[][] hour = e.getValue();
            for (int i = 0; i < counts.length; i++) {
                for (int b = 0; b < counts[i].length; b++) {
                    counts[i][b] += hour[i][b];
                }
            }
            total += h.n.get(e.getKey());
        }
        return total + reads.countBins(version, h.until.isBefore(start) ? start : h.until, null, counts);
    }

    private void keep(Hours h, String version, Instant hour, long[][] shape) {
        long[][] c = new long[shape.length][];
        for (int i = 0; i < shape.length; i++) {
            c[i] = new long[shape[i].length];
        }
        h.n.put(hour, reads.countBins(version, hour, hour.plus(HOUR), c));
        h.counts.put(hour, c);
    }

    /** Forgets the kept hours from {@code hour} on (all of them for null). */
    private static void forgetFrom(Hours h, Instant hour) {
        if (hour == null || !hour.isAfter(h.from)) {
            h.counts.clear();
            h.n.clear();
            h.from = null;
            h.until = null;
            return;
        }
        h.counts.tailMap(hour).clear();
        h.n.tailMap(hour).clear();
        h.until = hour;
    }

    private static Instant floor(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }

    private static Instant ceil(Instant t) {
        Instant f = floor(t);
        return f.equals(t) ? f : f.plus(HOUR);
    }
}
