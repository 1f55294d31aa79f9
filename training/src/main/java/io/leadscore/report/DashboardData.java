package io.leadscore.report;

import io.leadscore.model.RankingMetrics;
import io.leadscore.training.CalibrationCurve;
import io.leadscore.training.Evaluation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the dashboard and the static report show, computed server-side once, so that a page
 * loads fast whatever the number of evaluated leads: per ranker the metrics, ROC and cumulative
 * gains curves (at most {@value #CURVE_POINTS} points), lift by decile, and the capacity curve —
 * for every weekly capacity K, the conversions a team working the top K leads of each week would
 * have reached (ties counted fractionally, as their expected value under random order).
 */
public final class DashboardData {
    static final int CURVE_POINTS = 200;
    static final long WEEK_MS = 7L * 24 * 3600 * 1000;

    private DashboardData() {
    }

    /**
     * @param rankers the rankers, model first
     * @param y outcome per lead
     * @param times scoring time per lead (epoch ms), or null when the data has no time column
     */
    public static Map<String, Object> aggregate(List<Ranker> rankers, int[] y, double[] times, double[] modelProbabilities) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", y.length);
        out.put("conversions", Evaluation.positives(y));
        int[] period = periods(times);
        int periods = Arrays.stream(period).max().orElse(0) + 1;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("unit", times == null ? "holdout" : "week");
        p.put("count", periods);
        out.put("period", p);
        Map<String, Object> labels = new LinkedHashMap<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Object> roc = new LinkedHashMap<>();
        Map<String, Object> gains = new LinkedHashMap<>();
        Map<String, Object> lift = new LinkedHashMap<>();
        Map<String, Object> caught = new LinkedHashMap<>();
        int[] volume = new int[periods];
        for (int w : period) {
            volume[w]++;
        }
        int maxK = Arrays.stream(volume).max().orElse(0);
        for (Ranker r : rankers) {
            labels.put(r.key(), r.label());
            metrics.put(r.key(), Evaluation.rankingOf(r.scores(), y));
            roc.put(r.key(), roc(r.scores(), y));
            gains.put(r.key(), gains(r.scores(), y));
            lift.put(r.key(), liftByDecile(r.scores(), y));
            caught.put(r.key(), capacity(r.scores(), y, period, periods, maxK));
        }
        out.put("labels", labels);
        out.put("metrics", metrics);
        out.put("roc", roc);
        out.put("gains", gains);
        out.put("lift_by_decile", lift);
        Map<String, Object> cap = new LinkedHashMap<>();
        cap.put("max_k", maxK);
        cap.put("default_k", Math.max(1, (int) Math.round(maxK * 0.10)));
        double[] contacted = new double[maxK + 1];
        for (int k = 0; k <= maxK; k++) {
            for (int v : volume) {
                contacted[k] += Math.min(k, v);
            }
        }
        cap.put("leads_contacted", contacted);
        cap.put("caught", caught);
        out.put("capacity", cap);
        if (modelProbabilities != null) {
            out.put("calibration", CalibrationCurve.of(modelProbabilities, y, Evaluation.ECE_BINS));
        }
        return out;
    }

    private static int[] periods(double[] times) {
        int[] out = new int[times == null ? 0 : times.length];
        if (times == null) {
            return out;
        }
        double t0 = Arrays.stream(times).min().orElse(0);
        for (int i = 0; i < times.length; i++) {
            out[i] = (int) Math.floor((times[i] - t0) / WEEK_MS);
        }
        return out;
    }

    /** Expected conversions in the top K of each period, for K = 0..maxK. */
    static double[] capacity(double[] s, int[] y, int[] period, int periods, int maxK) {
        double[] total = new double[maxK + 1];
        List<List<Integer>> byPeriod = new ArrayList<>();
        for (int w = 0; w < periods; w++) {
            byPeriod.add(new ArrayList<>());
        }
        if (period.length == 0) {
            period = new int[y.length];
        }
        for (int i = 0; i < y.length; i++) {
            byPeriod.get(period[i]).add(i);
        }
        for (List<Integer> rows : byPeriod) {
            double[] cum = expectedCumulative(s, y, rows);
            for (int k = 0; k <= maxK; k++) {
                total[k] += cum[Math.min(k, rows.size())];
            }
        }
        return total;
    }

    /** ROC points (false-positive rate, true-positive rate) at distinct thresholds, thinned. */
    static List<double[]> roc(double[] s, int[] y) {
        Integer[] idx = RankingMetrics.byScoreDesc(s);
        long pos = Evaluation.positives(y);
        long neg = y.length - pos;
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0});
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < idx.length; i++) {
            if (y[idx[i]] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (i + 1 == idx.length || s[idx[i + 1]] != s[idx[i]]) {
                pts.add(new double[] {(double) fp / neg, (double) tp / pos});
            }
        }
        return thin(pts);
    }

    /** Cumulative gains: share of leads contacted (best first) vs share of conversions reached. */
    static List<double[]> gains(double[] s, int[] y) {
        Integer[] idx = RankingMetrics.byScoreDesc(s);
        long pos = Evaluation.positives(y);
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0});
        long tp = 0;
        for (int i = 0; i < idx.length; i++) {
            tp += y[idx[i]];
            if (i + 1 == idx.length || s[idx[i + 1]] != s[idx[i]]) {
                pts.add(new double[] {(double) (i + 1) / idx.length, (double) tp / pos});
            }
        }
        return thin(pts);
    }

    /** Conversion rate of each score decile (best first) over the overall rate; ties spread evenly. */
    static double[] liftByDecile(double[] s, int[] y) {
        List<Integer> all = new ArrayList<>(y.length);
        for (int i = 0; i < y.length; i++) {
            all.add(i);
        }
        double[] cum = expectedCumulative(s, y, all);
        double base = (double) Evaluation.positives(y) / y.length;
        double[] out = new double[10];
        for (int d = 0; d < 10; d++) {
            double from = y.length * d / 10.0;
            double to = y.length * (d + 1) / 10.0;
            out[d] = (interpolate(cum, to) - interpolate(cum, from)) / (to - from) / base;
        }
        return out;
    }

    private static double interpolate(double[] cum, double k) {
        int lo = (int) Math.floor(k);
        if (lo >= cum.length - 1) {
            return cum[cum.length - 1];
        }
        return cum[lo] + (k - lo) * (cum[lo + 1] - cum[lo]);
    }

    /**
     * Expected conversions among the top k of {@code rows} by score, for k = 0..size; a tie group
     * contributes its mean outcome per lead. Sorts {@code rows} in place, best first.
     */
    static double[] expectedCumulative(double[] s, int[] y, List<Integer> rows) {
        rows.sort(Comparator.comparingDouble((Integer i) -> -s[i]));
        double[] cum = new double[rows.size() + 1];
        int i = 0;
        while (i < rows.size()) {
            int j = i;
            while (j + 1 < rows.size() && s[rows.get(j + 1)] == s[rows.get(i)]) {
                j++;
            }
            double rate = 0;
            for (int q = i; q <= j; q++) {
                rate += y[rows.get(q)];
            }
            rate /= (j - i + 1);
            for (int q = i; q <= j; q++) {
                cum[q + 1] = cum[q] + rate;
            }
            i = j + 1;
        }
        return cum;
    }

    private static List<double[]> thin(List<double[]> pts) {
        if (pts.size() <= CURVE_POINTS) {
            return pts;
        }
        List<double[]> out = new ArrayList<>();
        double step = (pts.size() - 1) / (double) (CURVE_POINTS - 1);
        for (int k = 0; k < CURVE_POINTS; k++) {
            out.add(pts.get((int) Math.round(k * step)));
        }
        return out;
    }
}
