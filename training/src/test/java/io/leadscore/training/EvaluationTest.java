package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Lift, ECE and Brier; AUC and PR-AUC are tested where they are computed (RankingMetricsTest, scoring). */
class EvaluationTest {
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
