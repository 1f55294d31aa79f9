package io.leadscore.features;

import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Learns a {@link FeatureEncoding} from the rows a model fits on: one-hot levels for categoricals
 * (and a target encoding for one with many rare levels), a transform, centre and scale for numbers,
 * 0/1 for booleans, and where missing values were seen, their indicators. {@link FeatureEncoder}
 * applies what it learns.
 */
public final class EncodingLearner {
    /** A categorical level needs at least this many training rows to get its own feature. */
    static final int MIN_LEVEL_COUNT = 10;
    /** At most this many levels per categorical column get their own feature. */
    static final int MAX_LEVELS = 100;
    private static final double SKEW_FOR_LOG = 2.0;
    /** A categorical is target-encoded when it has at least this many levels... */
    static final int MIN_LEVELS_TO_TARGET_ENCODE = 20;
    /** ...and one-hot would lump at least this share of its rows into the unknown bucket. */
    static final double LUMPED_SHARE_TO_TARGET_ENCODE = 0.05;

    private EncodingLearner() {
    }

    /** Learns the encoding of the given columns from the training rows of {@code table}, one-hot for every categorical. */
    public static FeatureEncoding fit(Table table, Collection<String> columns) {
        return fit(table, columns, null);
    }

    /**
     * Learns the encoding of the given columns from the training rows of {@code table} and their
     * outcomes {@code y}: a categorical with at least {@link #MIN_LEVELS_TO_TARGET_ENCODE} levels of
     * which one-hot would lump at least {@link #LUMPED_SHARE_TO_TARGET_ENCODE} of the rows into the
     * unknown bucket also gets its target encoding (beside the one-hot features of its frequent
     * levels), every other input is encoded as without outcomes.
     *
     * @param y the outcome of every row of {@code table}, or null for one-hot only
     */
    public static FeatureEncoding fit(Table table, Collection<String> columns, int[] y) {
        List<InputFeature> inputs = new ArrayList<>();
        for (String name : columns) {
            Column c = table.require(name, "feature");
            boolean hasMissing = false;
            for (int r = 0; r < c.size() && !hasMissing; r++) {
                hasMissing = c.isMissing(r);
            }
            inputs.add(switch (c.type()) {
                case NUMERIC -> fitNumeric(c, hasMissing);
                case BOOLEAN -> bool(name, hasMissing);
                case CATEGORICAL -> fitCategorical(c, hasMissing, y);
                case TIMESTAMP -> throw new IllegalArgumentException("timestamp column " + name + " cannot be a feature");
            });
        }
        return new FeatureEncoding(inputs);
    }

    private static InputFeature fitNumeric(Column c, boolean hasMissing) {
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        int n = 0;
        for (int r = 0; r < c.size(); r++) {
            double v = c.number(r);
            if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                sum += v;
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double m2 = 0;
        double m3 = 0;
        for (int r = 0; r < c.size(); r++) {
            double v = c.number(r);
            if (!Double.isNaN(v)) {
                double d = v - mean;
                m2 += d * d;
                m3 += d * d * d;
            }
        }
        double sd = n == 0 ? 0 : Math.sqrt(m2 / n);
        double skew = sd == 0 ? 0 : (m3 / n) / (sd * sd * sd);
        String transform = numericTransform(min, skew);
        double tsum = 0;
        double tsq = 0;
        for (int r = 0; r < c.size(); r++) {
            double v = c.number(r);
            if (!Double.isNaN(v)) {
                double t = FeatureEncoder.apply(transform, v);
                tsum += t;
                tsq += t * t;
            }
        }
        double tmean = n == 0 ? 0 : tsum / n;
        double tsd = n == 0 ? 0 : Math.sqrt(Math.max(0, tsq / n - tmean * tmean));
        return numeric(c.name(), hasMissing, transform, tmean, tsd);
    }

    /**
     * The transform of a numeric input: {@code log1p} for skewed non-negative values (counts,
     * durations), else {@code identity}.
     *
     * @param min the smallest present value on the fit rows
     * @param skew the population skewness of the present values (0 when constant)
     */
    public static String numericTransform(double min, double skew) {
        return min >= 0 && skew > SKEW_FOR_LOG ? "log1p" : "identity";
    }

    /**
     * A numeric input centred and scaled by its transformed values' mean and population standard
     * deviation on the fit rows (a deviation of about 0 scales by 1).
     */
    public static InputFeature numeric(String name, boolean hasMissing, String transform, double mean, double std) {
        return new InputFeature(name, ColumnType.NUMERIC, !hasMissing, transform, mean, std > 1e-12 ? std : 1.0, hasMissing, null);
    }

    /** A 0/1 input. */
    public static InputFeature bool(String name, boolean hasMissing) {
        return new InputFeature(name, ColumnType.BOOLEAN, !hasMissing, null, null, null, hasMissing, null);
    }

    private static InputFeature fitCategorical(Column c, boolean hasMissing, int[] y) {
        Map<String, Long> counts = new HashMap<>();
        for (int r = 0; r < c.size(); r++) {
            String s = c.string(r);
            if (s != null) {
                counts.merge(s, 1L, Long::sum);
            }
        }
        InputFeature oneHot = categorical(c.name(), hasMissing, counts);
        if (y == null || !lumpsTooMuch(counts, oneHot.levels())) {
            return oneHot;
        }
        int[] all = IntStream.range(0, c.size()).toArray();
        return new InputFeature(c.name(), ColumnType.CATEGORICAL, !hasMissing, null, null, null, hasMissing, oneHot.levels(),
                TargetEncoding.fit(c, all, y));
    }

    /** Whether a one-hot encoding of these levels would lump too many rows of many levels into the unknown bucket. */
    private static boolean lumpsTooMuch(Map<String, Long> counts, List<String> oneHotLevels) {
        if (counts.size() < MIN_LEVELS_TO_TARGET_ENCODE) {
            return false;
        }
        long present = counts.values().stream().mapToLong(Long::longValue).sum();
        long kept = oneHotLevels.stream().mapToLong(counts::get).sum();
        return present - kept >= LUMPED_SHARE_TO_TARGET_ENCODE * present;
    }

    /**
     * A one-hot input: the levels seen at least {@link #MIN_LEVEL_COUNT} times on the fit rows (the
     * {@link #MAX_LEVELS} most frequent), in name order; the rest go to the unknown bucket.
     *
     * @param counts rows per present level on the fit rows
     */
    public static InputFeature categorical(String name, boolean hasMissing, Map<String, Long> counts) {
        List<String> levels = counts.entrySet().stream()
                .filter(e -> e.getValue() >= MIN_LEVEL_COUNT)
                .filter(e -> !e.getKey().equals(InputFeature.UNKNOWN) && !e.getKey().equals(InputFeature.MISSING))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_LEVELS)
                .map(Map.Entry::getKey)
                .sorted(Comparator.naturalOrder())
                .toList();
        return new InputFeature(name, ColumnType.CATEGORICAL, !hasMissing, null, null, null, hasMissing, levels);
    }
}
