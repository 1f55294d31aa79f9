package io.leadscore.features;

import io.leadscore.data.Column;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The target encoding of a categorical input with many or rare levels: each level's conversion
 * rate on the fit rows, shrunk toward the overall rate (empirical Bayes: a level counts as
 * {@code smoothing} extra rows at the overall rate), encoded as its log-odds above the overall
 * rate. A level never seen in training, or seen only in the fold left out, encodes as 0 (the
 * overall rate). Stored in the model card so that serving encodes exactly as training did.
 *
 * @param prior the conversion rate of the fit rows with a value
 * @param smoothing the prior's weight in rows (larger when levels differ little)
 * @param levels per level seen on the fit rows, its rows and conversions
 */
public record TargetEncoding(double prior, double smoothing, Map<String, Outcomes> levels) {
    /** The least and most weight the prior gets, in rows. */
    static final double MIN_SMOOTHING = 1.0;
    static final double MAX_SMOOTHING = 10_000.0;
    private static final double EPSILON = 1e-6;

    /**
     * A level's outcomes on the fit rows.
     *
     * @param rows rows with the level
     * @param converted of which converted
     */
    public record Outcomes(long rows, long converted) {
    }

    public TargetEncoding {
        levels = Collections.unmodifiableMap(new TreeMap<>(levels));
    }

    /**
     * Fits the encoding of a column on some of its rows.
     *
     * @param rows the rows of {@code c} to fit on
     * @param y their outcomes, in the same order
     */
    public static TargetEncoding fit(Column c, int[] rows, int[] y) {
        Map<String, long[]> counts = new TreeMap<>();
        long n = 0;
        long k = 0;
        for (int i = 0; i < rows.length; i++) {
            String s = c.string(rows[i]);
            if (s != null) {
                long[] t = counts.computeIfAbsent(s, x -> new long[2]);
                t[0]++;
                t[1] += y[i];
                n++;
                k += y[i];
            }
        }
        double prior = n == 0 ? 0.5 : (double) k / n;
        Map<String, Outcomes> levels = new TreeMap<>();
        counts.forEach((level, t) -> levels.put(level, new Outcomes(t[0], t[1])));
        return new TargetEncoding(prior, smoothing(levels, prior, n), levels);
    }

    /**
     * Each row's encoded value fitted without its own fold, for the rows a model fits on, over
     * {@code k} seeded {@link StratifiedFolds}.
     *
     * @param rows the fit rows of {@code c}
     * @param y their outcomes
     * @return per fit row, its value (0 when missing, or when its level appears only in its own fold)
     */
    public static double[] outOfFold(Column c, int[] rows, int[] y, int k, long seed) {
        int[] fold = StratifiedFolds.assign(y, k, seed * 7919);
        double[] values = new double[rows.length];
        for (int f = 0; f < k; f++) {
            final int ff = f;
            int[] others = IntStream.range(0, rows.length).filter(p -> fold[p] != ff).toArray();
            TargetEncoding te = fit(c, Arrays.stream(others).map(p -> rows[p]).toArray(), Arrays.stream(others).map(p -> y[p]).toArray());
            for (int p = 0; p < rows.length; p++) {
                String s = c.string(rows[p]);
                if (fold[p] == f && s != null) {
                    values[p] = te.value(s);
                }
            }
        }
        return values;
    }

    /**
     * The prior's weight by the method of moments: the spread of the levels' true rates, τ², is the
     * spread of their observed rates less what sampling alone would give; a beta prior with mean p
     * and variance τ² weighs p(1-p)/τ² - 1 rows.
     */
    static double smoothing(Map<String, Outcomes> levels, double p, long n) {
        if (n == 0 || p <= 0 || p >= 1 || levels.size() < 2) {
            return MAX_SMOOTHING;
        }
        double between = 0;
        double sumSquares = 0;
        for (Outcomes o : levels.values()) {
            double rate = (double) o.converted() / o.rows();
            between += o.rows() * (rate - p) * (rate - p);
            sumSquares += (double) o.rows() * o.rows();
        }
        double tau2 = (between - (levels.size() - 1) * p * (1 - p)) / (n - sumSquares / n);
        if (!(tau2 > 0)) {
            return MAX_SMOOTHING;
        }
        return Math.max(MIN_SMOOTHING, Math.min(MAX_SMOOTHING, p * (1 - p) / tau2 - 1));
    }

    /** The encoded value of a level: its shrunk rate's log-odds above the prior's; 0 for a level not in {@link #levels}. */
    public double value(String level) {
        Outcomes o = levels.get(level);
        return o == null ? 0.0 : value(o.rows(), o.converted());
    }

    /** The encoded value of a level with these outcomes. */
    double value(long rows, long converted) {
        double rate = (converted + smoothing * prior) / (rows + smoothing);
        return logit(rate) - logit(prior);
    }

    private static double logit(double p) {
        double q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
        return Math.log(q / (1 - q));
    }
}
