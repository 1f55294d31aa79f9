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
    static final int BINS = 20;

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
        StringBuilder leaks = new StringBuilder();
        for (String name : inputs) {
            double auc = singleFeatureAuc(table.require(name, "feature"), train, holdout, yTrain, yHoldout);
            aucs.put(name, auc);
            if (auc > MAX_SINGLE_FEATURE_AUC) {
                leaks.append(leaks.length() == 0 ? "" : ", ").append(String.format("%s (holdout AUC %.4f on its own)", name, auc));
            }
        }
        if (leaks.length() > 0 && !allow) {
            throw new DataException(table.source(), "leaky feature: " + leaks + " predicts the outcome almost perfectly; it is probably "
                    + "computed from the outcome or from what happened after scoring. Drop it (--exclude), fix its definition, "
                    + "or pass --allow-leaky-features if you are sure");
        }
        return aucs;
    }

    /** The holdout AUC of one column used alone, in its better direction. */
    static double singleFeatureAuc(Column c, int[] train, int[] holdout, int[] yTrain, int[] yHoldout) {
        double[] cuts = c.type() == io.leadscore.data.ColumnType.NUMERIC ? cuts(c, train) : null;
        Map<String, double[]> rates = new HashMap<>();
        double pos = 0;
        for (int i = 0; i < train.length; i++) {
            double[] r = rates.computeIfAbsent(bucket(c, train[i], cuts), k -> new double[2]);
            r[0] += yTrain[i];
            r[1]++;
            pos += yTrain[i];
        }
        double overall = pos / Math.max(1, train.length);
        double[] score = new double[holdout.length];
        for (int i = 0; i < holdout.length; i++) {
            double[] r = rates.get(bucket(c, holdout[i], cuts));
            score[i] = r == null ? overall : r[0] / r[1];
        }
        double auc = Evaluation.auc(score, yHoldout);
        return Double.isNaN(auc) ? 0.5 : Math.max(auc, 1 - auc);
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
            return "\u0000missing";
        }
        if (cuts != null) {
            int at = Arrays.binarySearch(cuts, c.number(row));
            return Integer.toString(at >= 0 ? at + 1 : -at - 1);
        }
        Object v = c.value(row);
        return v.toString();
    }
}
