package io.leadscore.training;

import io.leadscore.model.RankingMetrics;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded percentile-bootstrap interval of the holdout AUC: the holdout rows are resampled with
 * replacement {@link #RESAMPLES} times and the 2.5th and 97.5th percentiles of the resampled AUCs
 * are reported. It says how much the holdout figure would move on another holdout of the same size,
 * which matters most on small data. Rows are sorted by score once; each resample is a vector of
 * counts scored by {@link RankingMetrics#weightedAuc}, one pass over the rows.
 */
public final class BootstrapInterval {
    /** Bootstrap resamples. */
    public static final int RESAMPLES = 1000;
    /** Coverage of the interval. */
    public static final double LEVEL = 0.95;

    private BootstrapInterval() {
    }

    /**
     * The interval of the AUC of {@code score} against {@code y}, for the card's holdout metrics:
     * {@code low}, {@code high}, {@code level}, {@code resamples} and the method in words.
     */
    public static Map<String, Object> auc(double[] score, int[] y, long seed) {
        double[] values = resampledAucs(score, y, RESAMPLES, seed);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("low", percentile(values, (1 - LEVEL) / 2));
        m.put("high", percentile(values, 1 - (1 - LEVEL) / 2));
        m.put("level", LEVEL);
        m.put("resamples", values.length);
        m.put("method", "percentile bootstrap of the holdout rows, " + RESAMPLES + " resamples seeded by the training seed");
        return m;
    }

    /** AUCs of {@code resamples} seeded bootstrap resamples (those without both outcomes are skipped). */
    static double[] resampledAucs(double[] score, int[] y, int resamples, long seed) {
        int n = score.length;
        Integer[] order = RankingMetrics.byScoreDesc(score);
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        double[] count = new double[n];
        double[] out = new double[resamples];
        int kept = 0;
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(count, 0);
            for (int k = 0; k < n; k++) {
                count[rnd.nextInt(n)]++;
            }
            double auc = RankingMetrics.weightedAuc(score, y, order, count);
            if (!Double.isNaN(auc)) {
                out[kept++] = auc;
            }
        }
        double[] values = Arrays.copyOf(out, kept);
        Arrays.sort(values);
        return values;
    }

    /** The {@code q} quantile of sorted values, linearly interpolated. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}
