package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.model.Calibration;
import io.leadscore.model.RankingMetrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibratorsTest {
    /** Raw scores that are systematically over-confident: truth is sigmoid(0.6 × logit(raw) − 0.5). */
    private static double[][] overconfident(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] raw = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z = rnd.nextDouble() * 8 - 4;
            raw[i] = 1 / (1 + Math.exp(-z));
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-(0.6 * z - 0.5))) ? 1 : 0;
        }
        return new double[][] {raw, y};
    }

    private static int[] ints(double[] d) {
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    @Test
    void plattRecoversTheTrueSlopeAndIntercept() {
        double[][] d = overconfident(40_000, 1);
        Calibration c = Calibrators.fit("platt", d[0], ints(d[1]), "test");
        assertEquals(0.6, c.slope(), 0.03);
        assertEquals(-0.5, c.intercept(), 0.05);
    }

    @Test
    void calibrationFixesOverconfidenceOnFreshData() {
        double[][] fit = overconfident(20_000, 2);
        double[][] fresh = overconfident(20_000, 3);
        int[] yFresh = ints(fresh[1]);
        double before = Evaluation.ece(fresh[0], yFresh, 10);
        for (String method : new String[] {"platt", "isotonic"}) {
            Calibration c = Calibrators.fit(method, fit[0], ints(fit[1]), "test");
            double[] p = new double[fresh[0].length];
            for (int i = 0; i < p.length; i++) {
                p[i] = c.apply(fresh[0][i]);
            }
            double after = Evaluation.ece(p, yFresh, 10);
            assertTrue(before > 0.05 && after < 0.015, method + ": ece " + before + " → " + after);
            assertEquals(RankingMetrics.auc(fresh[0], yFresh), RankingMetrics.auc(p, yFresh), 0.002, method + " keeps the ranking");
        }
    }

    @Test
    void isotonicIsNonDecreasing() {
        double[][] d = overconfident(5_000, 4);
        Calibration c = Calibrators.fit("isotonic", d[0], ints(d[1]), "test");
        double prev = -1;
        for (double r = 0; r <= 1.0; r += 0.001) {
            double p = c.apply(r);
            assertTrue(p >= prev - 1e-12, "non-decreasing at " + r);
            prev = p;
        }
    }
}
