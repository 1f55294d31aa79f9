package io.leadscore.training;

import io.leadscore.data.Column;
import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Leakage guard of {@code train}: a feature that on its own separates converted from other leads
 * almost perfectly on the holdout (single-feature AUC above {@link #MAX_SINGLE_FEATURE_AUC}) is
 * almost certainly computed from the outcome or from what happened after scoring. Each feature is
 * scored by the training rows' conversion rate of its value's bucket (categories and booleans by
 * level, numbers by up to {@link #BINS} quantile bins, missing values as a bucket of their own), so
 * leaks through non-monotonic values or through missingness are caught too.
 */
public final class LeakyFeatures {
    /** A feature whose single-feature holdout AUC (either direction) exceeds this is refused. */
    public static final double MAX_SINGLE_FEATURE_AUC = 0.99;
    /** Quantile bins per numeric feature. */
    public static final int BINS = 20;
    /** The bucket of missing values. */
    public static final String MISSING_BUCKET = "\u0000missing";

    private LeakyFeatures() {
    }

    /**
     * Refuses the run if a feature leaks, naming every such feature, unless {@code allow}.
     *
     * @return each feature's single-feature holdout AUC (at least 0.5: the better direction)
     */
    public static Map<String, Double> check(Table table, List<String> inputs, int[] train, int[] holdout, int[] yTrain, int[] yHoldout,
                                            boolean allow) {
        Map<String, Double> aucs = new LinkedHashMap<>();
        for (String name : inputs) {
            aucs.put(name, singleFeatureAuc(table.require(name, "feature"), train, holdout, yTrain, yHoldout));
        }
        refuseLeaks(table.source(), aucs, allow);
        return aucs;
    }

    /**
     * Refuses the run if a feature's single-feature holdout AUC exceeds {@link #MAX_SINGLE_FEATURE_AUC},
     * naming every such feature, unless {@code allow} (both engines decide here).
     */
    public static void refuseLeaks(String source, Map<String, Double> aucs, boolean allow) {
        StringBuilder leaks = new StringBuilder();
        aucs.forEach((name, auc) -> {
            if (auc > MAX_SINGLE_FEATURE_AUC) {
                leaks.append(leaks.length() == 0 ? "" : ", ").append(String.format("%s (holdout AUC %.4f on its own)", name, auc));
            }
        });
        if (leaks.length() > 0 && !allow) {
            throw new DataException(source, "leaky feature: " + leaks + " predicts the outcome almost perfectly; it is probably "
                    + "computed from the outcome or from what happened after scoring. Drop it (--exclude), fix its definition, "
                    + "or pass --allow-leaky-features if you are sure");
        }
    }

    /**
     * The holdout AUC of a feature used alone, in its better direction, from bucket counts: each
     * holdout lead scores its bucket's training conversion rate (the overall rate for a bucket unseen
     * in training).
     *
     * @param train bucket to {converted, rows} on the training rows
     * @param holdout bucket to {converted, rows} on the holdout rows
     */
    public static double aucOfBuckets(Map<String, long[]> train, Map<String, long[]> holdout) {
        long pos = 0;
        long rows = 0;
        for (long[] c : train.values()) {
            pos += c[0];
            rows += c[1];
        }
        double overall = (double) pos / Math.max(1, rows);
        int n = 0;
        for (long[] c : holdout.values()) {
            n += (int) c[1];
        }
        double[] score = new double[n];
        int[] y = new int[n];
        int i = 0;
        for (Map.Entry<String, long[]> e : holdout.entrySet()) {
            long[] t = train.get(e.getKey());
            double rate = t == null ? overall : (double) t[0] / t[1];
            for (long k = 0; k < e.getValue()[1]; k++, i++) {
                score[i] = rate;
                y[i] = k < e.getValue()[0] ? 1 : 0;
            }
        }
        double auc = io.leadscore.model.RankingMetrics.auc(score, y);
        return Double.isNaN(auc) ? 0.5 : Math.max(auc, 1 - auc);
    }

    /** The holdout AUC of one column used alone, in its better direction. */
    static double singleFeatureAuc(Column c, int[] train, int[] holdout, int[] yTrain, int[] yHoldout) {
        double[] cuts = c.type() == io.leadscore.data.ColumnType.NUMERIC ? cuts(c, train) : null;
        return aucOfBuckets(counts(c, train, yTrain, cuts), counts(c, holdout, yHoldout, cuts));
    }

    private static Map<String, long[]> counts(Column c, int[] rows, int[] y, double[] cuts) {
        Map<String, long[]> counts = new HashMap<>();
        for (int i = 0; i < rows.length; i++) {
            long[] r = counts.computeIfAbsent(bucket(c, rows[i], cuts), k -> new long[2]);
            r[0] += y[i];
            r[1]++;
        }
        return counts;
    }

    private static double[] cuts(Column c, int[] rows) {
        double[] v = Arrays.stream(rows).mapToDouble(c::number).filter(d -> !Double.isNaN(d)).sorted().toArray();
        TreeSet<Double> cuts = new TreeSet<>();
        for (int b = 1; b < BINS && v.length > 0; b++) {
            cuts.add(v[(int) ((long) b * v.length / BINS)]);
        }
        return cuts.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String bucket(Column c, int row, double[] cuts) {
        if (c.isMissing(row)) {
            return MISSING_BUCKET;
        }
        if (cuts != null) {
            int at = Arrays.binarySearch(cuts, c.number(row));
            return Integer.toString(at >= 0 ? at + 1 : -at - 1);
        }
        Object v = c.value(row);
        return v.toString();
    }
}
