package io.leadscore.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * A boosted tree ensemble as a pure-Java {@link ScoringFunction} (exported from Spark MLlib's
 * {@code GBTClassificationModel}, so that serving needs no Spark). The margin is
 * {@code Σ weight_t · leaf_t(x)}; the log-odds are {@code logOddsPerMargin · margin} (2 for Spark's
 * logistic loss, whose probability is {@code 1 / (1 + exp(−2·margin))}). Splits follow Spark:
 * a continuous split sends {@code x[feature] <= threshold} left, a categorical one sends the listed
 * categories left. Reasons are exact TreeSHAP values ({@link TreeShap}) against the average training
 * lead, from each node's cover (training rows that reached it).
 *
 * @param logOddsPerMargin log-odds per unit of margin
 * @param trees the trees
 */
@com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TreeEnsemble(double logOddsPerMargin, List<Tree> trees) implements ScoringFunction {
    public TreeEnsemble {
        trees = List.copyOf(trees);
        if (trees.isEmpty()) {
            throw new IllegalArgumentException("a tree ensemble needs at least one tree");
        }
    }

    /**
     * One weighted tree as parallel node arrays; node 0 is the root. A leaf has {@code feature = -1}.
     *
     * @param weight the tree's weight in the margin
     * @param feature the split feature (index into the encoded vector), or -1 for a leaf
     * @param threshold continuous splits: {@code x <= threshold} goes left
     * @param leftCategories categorical splits: the categories that go left (null entries elsewhere); null when none
     * @param left the left child, or -1
     * @param right the right child, or -1
     * @param value the prediction of a leaf
     * @param cover the training rows that reached the node
     */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Tree(double weight, int[] feature, double[] threshold, double[][] leftCategories, int[] left, int[] right,
                       double[] value, double[] cover) {
        public Tree {
            int n = feature.length;
            if (n == 0 || threshold.length != n || left.length != n || right.length != n || value.length != n || cover.length != n
                    || (leftCategories != null && leftCategories.length != n)) {
                throw new IllegalArgumentException("a tree's node arrays must be non-empty and of one length");
            }
            for (int i = 0; i < n; i++) {
                if (feature[i] >= 0 && (left[i] <= i || right[i] <= i || left[i] >= n || right[i] >= n)) {
                    throw new IllegalArgumentException("node " + i + " has children out of order (children follow their parent)");
                }
            }
        }

        /** Whether an encoded lead goes from internal node {@code i} to its left child. */
        boolean goesLeft(int i, double[] x) {
            double v = x[feature[i]];
            if (leftCategories != null && leftCategories[i] != null) {
                for (double c : leftCategories[i]) {
                    if (c == v) {
                        return true;
                    }
                }
                return false;
            }
            return v <= threshold[i];
        }

        /** The leaf an encoded lead falls into. */
        int leaf(double[] x) {
            int i = 0;
            while (feature[i] >= 0) {
                i = goesLeft(i, x) ? left[i] : right[i];
            }
            return i;
        }

        /** The cover-weighted mean leaf value: the tree's output for the average training lead. */
        double expectation(int node) {
            if (feature[node] < 0) {
                return value[node];
            }
            return (cover[left[node]] * expectation(left[node]) + cover[right[node]] * expectation(right[node])) / cover[node];
        }
    }

    /** The margin {@code Σ weight_t · leaf_t(x)}. */
    public double margin(double[] x) {
        double m = 0;
        for (Tree t : trees) {
            m += t.weight() * t.value()[t.leaf(x)];
        }
        return m;
    }

    @Override
    public double probability(double[] x) {
        return Calibration.sigmoid(logOddsPerMargin * margin(x));
    }

    @Override
    public double explain(double[] x, double[] contributions) {
        java.util.Arrays.fill(contributions, 0.0);
        double[] phi = new double[contributions.length];
        double base = 0;
        for (Tree t : trees) {
            java.util.Arrays.fill(phi, 0.0);
            TreeShap.explain(t, x, phi);
            double w = t.weight() * logOddsPerMargin;
            for (int j = 0; j < phi.length; j++) {
                contributions[j] += w * phi[j];
            }
            base += w * t.expectation(0);
        }
        return base;
    }

    /** The deepest tree's depth (edges from the root to its deepest leaf). */
    @JsonIgnore
    public int maxDepth() {
        int d = 0;
        for (Tree t : trees) {
            d = Math.max(d, depth(t, 0));
        }
        return d;
    }

    private static int depth(Tree t, int node) {
        return t.feature()[node] < 0 ? 0 : 1 + Math.max(depth(t, t.left()[node]), depth(t, t.right()[node]));
    }
}
