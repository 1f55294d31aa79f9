package io.leadscore.training;

import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import io.leadscore.model.ModelCard.SplitInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which rows train the model and which are held out for honest metrics. With a time column the
 * newest {@link #HOLDOUT_FRACTION} by time is held out (train on the past, test on the future);
 * otherwise a seeded, stratified random {@link #HOLDOUT_FRACTION}.
 *
 * @param train row indices that train
 * @param holdout row indices held out
 * @param info how the split was made, for the model card (and to redo it)
 */
public record Split(int[] train, int[] holdout, SplitInfo info) {
    /** Share of rows held out. */
    public static final double HOLDOUT_FRACTION = 0.2;

    /**
     * The 0-based position, in time order, of the row whose time is the holdout cut-off: rows at or
     * after that time are held out (both engines cut here).
     */
    public static long cutoffIndex(long rows) {
        return (long) Math.floor((1 - HOLDOUT_FRACTION) * rows);
    }

    /** Splits by time: rows at or after the time of the 80th percentile row are held out. */
    public static Split byTime(Table table, String timeColumn) {
        double[] t = times(table, timeColumn);
        double[] sorted = t.clone();
        Arrays.sort(sorted);
        double cutoff = sorted[(int) cutoffIndex(sorted.length)];
        Split s = byCutoff(t, cutoff, timeColumn, table);
        if (s.train.length == 0 || s.holdout.length == 0) {
            throw new DataException(table.source(), null, timeColumn,
                    "cannot split by time: every row has the same time; drop --time-column for a random split");
        }
        return s;
    }

    /** Redoes a time split from its recorded cut-off (rows at or after {@code holdoutFrom} are held out). */
    public static Split byCutoff(Table table, SplitInfo info) {
        return byCutoff(times(table, info.timeColumn()), toMillis(info.holdoutFrom()), info.timeColumn(), table);
    }

    private static Split byCutoff(double[] t, double cutoff, String timeColumn, Table table) {
        List<Integer> tr = new ArrayList<>();
        List<Integer> ho = new ArrayList<>();
        double trMin = Double.POSITIVE_INFINITY, trMax = Double.NEGATIVE_INFINITY, hoMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.length; i++) {
            if (t[i] >= cutoff) {
                ho.add(i);
                hoMax = Math.max(hoMax, t[i]);
            } else {
                tr.add(i);
                trMin = Math.min(trMin, t[i]);
                trMax = Math.max(trMax, t[i]);
            }
        }
        boolean instants = table.require(timeColumn, "time").type() == ColumnType.TIMESTAMP;
        return new Split(toArray(tr), toArray(ho), timeInfo(timeColumn, instants, cutoff, trMin, trMax, hoMax, tr.size(), ho.size()));
    }

    /**
     * The card's description of a time split (both engines describe it with this).
     *
     * @param instants whether the time column holds instants (epoch milliseconds), else plain numbers
     * @param cutoff the first held-out time
     * @param trainMin oldest training time (ignored without training rows)
     * @param trainMax newest training time
     * @param holdoutMax newest held-out time (ignored without held-out rows)
     */
    public static SplitInfo timeInfo(String timeColumn, boolean instants, double cutoff, double trainMin, double trainMax, double holdoutMax,
                                     long trainRows, long holdoutRows) {
        return new SplitInfo("time", HOLDOUT_FRACTION, timeColumn, fmt(cutoff, instants),
                trainRows == 0 ? null : fmt(trainMin, instants), trainRows == 0 ? null : fmt(trainMax, instants),
                holdoutRows == 0 ? null : fmt(holdoutMax, instants), trainRows, holdoutRows);
    }

    /** A seeded random split that keeps the share of converted leads equal in both parts. */
    public static Split stratified(int[] y, long seed) {
        List<Integer> tr = new ArrayList<>();
        List<Integer> ho = new ArrayList<>();
        for (int cls = 0; cls <= 1; cls++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                if (y[i] == cls) {
                    rows.add(i);
                }
            }
            SplittableRandom rnd = new SplittableRandom(seed * 31 + cls);
            for (int i = rows.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Integer tmp = rows.get(i);
                rows.set(i, rows.get(j));
                rows.set(j, tmp);
            }
            int h = (int) Math.round(HOLDOUT_FRACTION * rows.size());
            ho.addAll(rows.subList(0, h));
            tr.addAll(rows.subList(h, rows.size()));
        }
        tr.sort(null);
        ho.sort(null);
        SplitInfo info = new SplitInfo("stratified", HOLDOUT_FRACTION, null, null, null, null, null, tr.size(), ho.size());
        return new Split(toArray(tr), toArray(ho), info);
    }

    private static double[] times(Table table, String timeColumn) {
        Column c = table.require(timeColumn, "time");
        if (c.type() != ColumnType.TIMESTAMP && c.type() != ColumnType.NUMERIC) {
            throw new DataException(table.source(), null, timeColumn, "the time column must hold dates, timestamps or numbers, not " + c.type().name().toLowerCase());
        }
        double[] t = new double[c.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = c.number(i);
            if (Double.isNaN(t[i])) {
                throw DataException.atRow(table.source(), i + 1, timeColumn, "missing time; every row needs one for a time split");
            }
        }
        return t;
    }

    private static String fmt(double v, boolean instant) {
        return instant ? Instant.ofEpochMilli((long) v).toString() : Double.toString(v);
    }

    private static double toMillis(String s) {
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (RuntimeException e) {
            return Double.parseDouble(s);
        }
    }

    private static int[] toArray(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
