package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    @Test
    void aucCountsTiesAsHalf() {
        // pairs (pos, neg): (1 vs 1) = 0.5, (1 vs 0) = 1  →  0.75
        assertEquals(0.75, Evaluation.auc(new double[] {1, 1, 0}, new int[] {1, 0, 0}), 1e-12);
        assertEquals(1.0, Evaluation.auc(new double[] {0.9, 0.8, 0.1}, new int[] {1, 1, 0}), 1e-12);
        assertEquals(0.0, Evaluation.auc(new double[] {0.1, 0.2, 0.9}, new int[] {1, 1, 0}), 1e-12);
    }

    @Test
    void aucMatchesThePairwiseDefinitionOnRandomScores() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 400;
        double[] s = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < 0.3 ? 1 : 0;
            s[i] = Math.round((rnd.nextDouble() + 0.3 * y[i]) * 20) / 20.0; // coarse, so many ties
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (y[i] == 1 && y[j] == 0) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, Evaluation.auc(s, y), 1e-12);
    }

    @Test
    void averagePrecisionStepsOverDistinctThresholds() {
        // ranks: pos(0.9), neg(0.8), pos(0.7), neg(0.1): AP = 0.5*1 + 0.5*(2/3)
        assertEquals(0.5 + 1.0 / 3, Evaluation.averagePrecision(new double[] {0.9, 0.8, 0.7, 0.1}, new int[] {1, 0, 1, 0}), 1e-12);
        // one tie group holding everything: precision = base rate
        assertEquals(0.5, Evaluation.averagePrecision(new double[] {1, 1, 1, 1}, new int[] {1, 0, 1, 0}), 1e-12);
    }

    @Test
    void liftCountsTheBoundaryTieGroupFractionally() {
        int[] y = new int[20];
        double[] s = new double[20];
        y[0] = 1;
        y[1] = 1;
        s[0] = 2;
        s[1] = 1;
        s[2] = 1; // top 10% = 2 leads: lead 0 and half of {1, 2}, i.e. 1.5 conversions of 2 → 75% vs 10%
        assertEquals(7.5, Evaluation.lift(s, y, 0.10), 1e-12);
    }

    @Test
    void eceIsTheWeightedGapBetweenPredictedAndObservedRates() {
        double[] p = {0.05, 0.05, 0.95, 0.95};
        int[] y = {0, 0, 1, 0};
        // bin 0: mean p 0.05, rate 0 → 0.05 × 2/4; bin 9: mean p 0.95, rate 0.5 → 0.45 × 2/4
        assertEquals(0.25, Evaluation.ece(p, y, 10), 1e-12);
        Evaluation e = Evaluation.ofProbabilities(p, y);
        assertEquals(4, e.n());
        assertEquals(1, e.positives());
        assertEquals((0.05 * 0.05 * 2 + 0.05 * 0.05 + 0.95 * 0.95) / 4, e.brier(), 1e-12);
    }
}
