package io.leadscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The one AUC and PR-AUC against their definitions, computed the slow way on seeded data with many ties. */
class RankingMetricsTest {
    @Test
    void aucCountsTiesAsHalf() {
        // pairs (pos, neg): (1 vs 1) = 0.5, (1 vs 0) = 1  →  0.75
        assertEquals(0.75, RankingMetrics.auc(new double[] {1, 1, 0}, new int[] {1, 0, 0}), 1e-12);
        assertEquals(1.0, RankingMetrics.auc(new double[] {0.9, 0.8, 0.1}, new int[] {1, 1, 0}), 1e-12);
        assertEquals(0.0, RankingMetrics.auc(new double[] {0.1, 0.2, 0.9}, new int[] {1, 1, 0}), 1e-12);
        assertTrue(Double.isNaN(RankingMetrics.auc(new double[] {0.1, 0.2}, new int[] {1, 1})), "one class only");
    }

    @Test
    void averagePrecisionStepsOverDistinctThresholds() {
        // ranks: pos(0.9), neg(0.8), pos(0.7), neg(0.1): AP = 0.5*1 + 0.5*(2/3)
        assertEquals(0.5 + 1.0 / 3, RankingMetrics.averagePrecision(new double[] {0.9, 0.8, 0.7, 0.1}, new int[] {1, 0, 1, 0}), 1e-12);
        // one tie group holding everything: precision = base rate
        assertEquals(0.5, RankingMetrics.averagePrecision(new double[] {1, 1, 1, 1}, new int[] {1, 0, 1, 0}), 1e-12);
        assertTrue(Double.isNaN(RankingMetrics.averagePrecision(new double[] {0.1, 0.2}, new int[] {0, 0})), "no converted lead");
    }

    @Test
    void weightedAucEqualsTheAucOfRowsRepeatedByTheirWeight() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 300;
        double[] s = new double[n];
        int[] y = new int[n];
        double[] w = new double[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < 0.3 ? 1 : 0;
            s[i] = rnd.nextInt(12) + y[i] * rnd.nextInt(4); // ties on purpose
            w[i] = rnd.nextInt(4); // some rows left out, some repeated
            total += (int) w[i];
        }
        double[] rs = new double[total];
        int[] ry = new int[total];
        for (int i = 0, k = 0; i < n; i++) {
            for (int c = 0; c < w[i]; c++, k++) {
                rs[k] = s[i];
                ry[k] = y[i];
            }
        }
        assertEquals(RankingMetrics.auc(rs, ry), RankingMetrics.weightedAuc(s, y, RankingMetrics.byScoreDesc(s), w), 1e-12);
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        assertEquals(RankingMetrics.auc(s, y), RankingMetrics.weightedAuc(s, y, RankingMetrics.byScoreDesc(s), ones), 1e-12);
        assertTrue(Double.isNaN(RankingMetrics.weightedAuc(new double[] {1, 2}, new int[] {1, 0}, RankingMetrics.byScoreDesc(new double[] {1, 2}),
                new double[] {1, 0})), "no weight on one outcome");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 11, 29})
    void bothMatchTheirDefinitionsOnSeededScoresWithTies(int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 50 + rnd.nextInt(400);
        double[] s = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < 0.3 ? 1 : 0;
            s[i] = Math.round((rnd.nextDouble() + 0.3 * y[i]) * 20) / 20.0; // coarse, so many ties
        }
        assertEquals(pairwiseAuc(s, y), RankingMetrics.auc(s, y), 1e-12);
        assertEquals(thresholdAveragePrecision(s, y), RankingMetrics.averagePrecision(s, y), 1e-12);
    }

    /** The share of (converted, not converted) pairs ranked right, a tie counting half. */
    private static double pairwiseAuc(double[] s, int[] y) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    /** Σ over each distinct threshold t, highest first, of (recall at t − recall before) × precision at t. */
    private static double thresholdAveragePrecision(double[] s, int[] y) {
        TreeSet<Double> thresholds = new TreeSet<>();
        long positives = 0;
        for (int i = 0; i < s.length; i++) {
            thresholds.add(s[i]);
            positives += y[i];
        }
        double ap = 0;
        double recallBefore = 0;
        for (double t : thresholds.descendingSet()) {
            long selected = 0;
            long hits = 0;
            for (int i = 0; i < s.length; i++) {
                if (s[i] >= t) {
                    selected++;
                    hits += y[i];
                }
            }
            double recall = (double) hits / positives;
            ap += (recall - recallBefore) * hits / selected;
            recallBefore = recall;
        }
        return ap;
    }
}
