package io.leadscore.synthetic;

import java.util.SplittableRandom;

/** The generator's random draws: weighted picks, Gaussian, Poisson and binomial counts, seeded by the caller. */
final class Draws {
    private Draws() {
    }

    static double secondsOnPage(SplittableRandom rnd) {
        return Math.round(45 * Math.exp(0.5 * gaussian(rnd)));
    }

    static long between(SplittableRandom rnd, long from, long to) {
        return from + (long) (rnd.nextDouble() * Math.max(1, to - from));
    }

    static int pick(SplittableRandom rnd, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = rnd.nextDouble() * total;
        for (int k = 0; k < weights.length; k++) {
            u -= weights[k];
            if (u < 0) {
                return k;
            }
        }
        return weights.length - 1;
    }

    static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    static long poisson(SplittableRandom rnd, double lambda) {
        if (lambda > 30) {
            return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rnd)));
        }
        double l = Math.exp(-lambda);
        long k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    static long binomial(SplittableRandom rnd, long n, double p) {
        long k = 0;
        for (long t = 0; t < n; t++) {
            if (rnd.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }

    static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
