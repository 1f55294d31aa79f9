package io.leadscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pure-Java tree ensemble scores like Spark's GBT (margin, {@code x <= threshold} left, logistic
 * link with factor 2) and its TreeSHAP reasons equal brute-force Shapley values, add up to the
 * log-odds, and handle a feature split twice on one path.
 */
class TreeEnsembleTest {
    static final int FEATURES = 4;

    /** Depth 3; feature 0 is split at the root and again below it; feature 3 is never used. */
    static TreeEnsemble.Tree deep() {
        //            0: f0 <= 0.5
        //        1: f1 <= 0          2: f2 <= 1.5
        //     3: f0 <= -1   4: leaf   5: leaf   6: f1 <= 2
        //   7: leaf 8: leaf                   9: leaf 10: leaf
        int[] f = {0, 1, 2, 0, -1, -1, 1, -1, -1, -1, -1};
        double[] th = {0.5, 0, 1.5, -1, 0, 0, 2, 0, 0, 0, 0};
        int[] l = {1, 3, 5, 7, -1, -1, 9, -1, -1, -1, -1};
        int[] r = {2, 4, 6, 8, -1, -1, 10, -1, -1, -1, -1};
        double[] v = {0, 0, 0, 0, 0.7, -0.4, 0, -1.2, 0.3, 0.9, -0.05};
        double[] cover = {100, 60, 40, 45, 15, 10, 30, 20, 25, 12, 18};
        return new TreeEnsemble.Tree(1.0, f, th, null, l, r, v, cover);
    }

    /** A stump on feature 2, plus a categorical split on feature 3. */
    static TreeEnsemble.Tree categorical() {
        int[] f = {3, 2, -1, -1, -1};
        double[] th = {0, 0.25, 0, 0, 0};
        double[][] cats = {{1.0, 4.0}, null, null, null, null};
        int[] l = {1, 3, -1, -1, -1};
        int[] r = {2, 4, -1, -1, -1};
        double[] v = {0, 0, 0.5, -0.2, 0.1};
        double[] cover = {80, 50, 30, 20, 30};
        return new TreeEnsemble.Tree(0.1, f, th, cats, l, r, v, cover);
    }

    static final TreeEnsemble ENSEMBLE = new TreeEnsemble(2.0, List.of(deep(), categorical()));

    @Test
    void scoresLikeSparkGbt() {
        double[] x = {0.5, 0.0, 2.0, 4.0}; // 0.5 <= 0.5 left; 0 <= 0 left; 0.5 > -1 right → 0.3; category 4 left; 2.0 > 0.25 → 0.1
        assertEquals(1.0 * 0.3 + 0.1 * 0.1, ENSEMBLE.margin(x), 1e-15);
        assertEquals(1 / (1 + Math.exp(-2 * (0.3 + 0.01))), ENSEMBLE.probability(x), 1e-15);
        double[] y = {0.6, 0.0, 2.0, 3.0}; // right; 2.0 > 1.5 → node 6: 0 <= 2 → 0.9; category 3 right → 0.5
        assertEquals(0.9 + 0.05, ENSEMBLE.margin(y), 1e-15);
    }

    @Test
    void reasonsAreExactShapleyValuesThatAddUpToTheLogOdds() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int k = 0; k < 200; k++) {
            double[] x = {rnd.nextDouble(-2, 2), rnd.nextDouble(-1, 3), rnd.nextDouble(0, 3), rnd.nextInt(5)};
            double[] c = new double[FEATURES];
            double base = ENSEMBLE.explain(x, c);
            double sum = base;
            for (double v : c) {
                sum += v;
            }
            assertEquals(2.0 * ENSEMBLE.margin(x), sum, 1e-12, "base + contributions = log-odds");
            double[] expected = new double[FEATURES];
            double expectedBase = 0;
            for (TreeEnsemble.Tree t : ENSEMBLE.trees()) {
                double[] phi = bruteForce(t, x);
                for (int j = 0; j < FEATURES; j++) {
                    expected[j] += 2.0 * t.weight() * phi[j];
                }
                expectedBase += 2.0 * t.weight() * conditional(t, 0, x, 0);
            }
            assertEquals(expectedBase, base, 1e-12);
            for (int j = 0; j < FEATURES; j++) {
                assertEquals(expected[j], c[j], 1e-12, "feature " + j + " of " + java.util.Arrays.toString(x));
            }
        }
    }

    @Test
    void aFeatureNeverSplitOnGetsNothingAndOneThatMattersGetsSomething() {
        double[] x = {-2, -1, 0, 2};
        double[] c = new double[FEATURES];
        new TreeEnsemble(2.0, List.of(deep())).explain(x, c);
        assertEquals(0.0, c[3]);
        assertNotEquals(0.0, c[0]);
    }

    @Test
    void rejectsMalformedTrees() {
        assertThrows(IllegalArgumentException.class, () -> new TreeEnsemble.Tree(1, new int[] {0, -1}, new double[2], null,
                new int[] {1, -1}, new int[] {5, -1}, new double[2], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> new TreeEnsemble(2.0, List.of()));
    }

    /** Shapley values by their definition, over all subsets, with TreeSHAP's cover-weighted conditional expectation. */
    static double[] bruteForce(TreeEnsemble.Tree t, double[] x) {
        double[] phi = new double[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            for (int s = 0; s < (1 << FEATURES); s++) {
                if ((s & (1 << j)) != 0) {
                    continue;
                }
                int size = Integer.bitCount(s);
                double w = factorial(size) * factorial(FEATURES - size - 1) / factorial(FEATURES);
                phi[j] += w * (conditional(t, 0, x, s | (1 << j)) - conditional(t, 0, x, s));
            }
        }
        return phi;
    }

    static double conditional(TreeEnsemble.Tree t, int node, double[] x, int known) {
        if (t.feature()[node] < 0) {
            return t.value()[node];
        }
        if ((known & (1 << t.feature()[node])) != 0) {
            return conditional(t, t.goesLeft(node, x) ? t.left()[node] : t.right()[node], x, known);
        }
        int l = t.left()[node];
        int r = t.right()[node];
        return (t.cover()[l] * conditional(t, l, x, known) + t.cover()[r] * conditional(t, r, x, known)) / t.cover()[node];
    }

    static double factorial(int n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }
}
