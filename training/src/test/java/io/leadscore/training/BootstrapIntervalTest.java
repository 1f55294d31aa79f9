package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.model.RankingMetrics;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The holdout AUC's bootstrap interval: seeded, around the AUC, narrower with more rows. */
class BootstrapIntervalTest {
    private static double[][] scores(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] s = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < 0.12 ? 1 : 0;
            s[i] = Math.round((y[i] + rnd.nextGaussian()) * 10) / 10.0; // ties on purpose
        }
        return new double[][] {s, y};
    }

    private static int[] ints(double[] y) {
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (int) y[i];
        }
        return out;
    }

    @Test
    void seededAroundTheAucAndNarrowerWithMoreRows() {
        double[][] small = scores(200, 1);
        Map<String, Object> a = BootstrapInterval.auc(small[0], ints(small[1]), 42);
        assertEquals(a, BootstrapInterval.auc(small[0], ints(small[1]), 42), "same seed, same interval");
        double auc = RankingMetrics.auc(small[0], ints(small[1]));
        double low = (double) a.get("low");
        double high = (double) a.get("high");
        assertTrue(low < auc && auc < high, low + " < " + auc + " < " + high);
        assertEquals(1000, a.get("resamples"));
        double[][] large = scores(20_000, 1);
        Map<String, Object> b = BootstrapInterval.auc(large[0], ints(large[1]), 42);
        assertTrue((double) b.get("high") - (double) b.get("low") < (high - low) / 4, "a 100× larger holdout: about 10× narrower");
    }

    @Test
    void theMeanOfResampledAucsIsTheAuc() {
        double[][] d = scores(2_000, 3);
        double[] values = BootstrapInterval.resampledAucs(d[0], ints(d[1]), 2_000, 7);
        double mean = 0;
        for (double v : values) {
            mean += v / values.length;
        }
        assertEquals(RankingMetrics.auc(d[0], ints(d[1])), mean, 0.003, "mid-rank AUC per resample, unbiased on average");
    }
}
