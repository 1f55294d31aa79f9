package io.leadscore.training;

import io.leadscore.model.Calibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Fits a {@link Calibration} of raw model probabilities to outcomes the model did not train on. */
public final class Calibrators {
    private Calibrators() {
    }

    /**
     * @param method platt, isotonic or none
     * @param raw the model's raw probabilities on the calibration rows
     * @param y their outcomes
     * @param window a description of the calibration rows, for the model card
     */
    public static Calibration fit(String method, double[] raw, int[] y, String window) {
        return switch (method) {
            case "platt" -> platt(raw, y, window);
            case "isotonic" -> isotonic(raw, y, window);
            case "none" -> Calibration.none();
            default -> throw new IllegalArgumentException("unknown calibration " + method);
        };
    }

    /** Platt scaling on the raw log-odds: a one-feature logistic regression fitted by Newton's method. */
    static Calibration platt(double[] raw, int[] y, String window) {
        int n = raw.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double q = Math.min(Math.max(raw[i], 1e-15), 1 - 1e-15);
            z[i] = Math.log(q / (1 - q));
        }
        double a = 1;
        double b = 0;
        for (int iter = 0; iter < 100; iter++) {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < n; i++) {
                double p = 1 / (1 + Math.exp(-(a * z[i] + b)));
                double r = p - y[i];
                double w = Math.max(p * (1 - p), 1e-12);
                ga += r * z[i];
                gb += r;
                haa += w * z[i] * z[i];
                hab += w * z[i];
                hbb += w;
            }
            haa += 1e-9;
            hbb += 1e-9;
            double det = haa * hbb - hab * hab;
            double da = (hbb * ga - hab * gb) / det;
            double db = (haa * gb - hab * ga) / det;
            a -= da;
            b -= db;
            if (Math.abs(da) < 1e-12 && Math.abs(db) < 1e-12) {
                break;
            }
        }
        return new Calibration("platt", a, b, null, null, n, window);
    }

    /**
     * Platt scaling whose slope is fitted on all rows and whose intercept is then refitted, with the
     * slope fixed, on the rows from {@code recentFrom} on (the newest, when the rows are in time
     * order): the slope needs many rows, the level of conversion follows the recent past.
     */
    static Calibration plattRecentLevel(double[] raw, int[] y, int recentFrom, String window) {
        Calibration all = platt(raw, y, window);
        double a = all.slope();
        double b = all.intercept();
        for (int iter = 0; iter < 100; iter++) {
            double g = 0;
            double h = 1e-9;
            for (int i = recentFrom; i < raw.length; i++) {
                double q = Math.min(Math.max(raw[i], 1e-15), 1 - 1e-15);
                double p = 1 / (1 + Math.exp(-(a * Math.log(q / (1 - q)) + b)));
                g += p - y[i];
                h += Math.max(p * (1 - p), 1e-12);
            }
            double db = g / h;
            b -= db;
            if (Math.abs(db) < 1e-12) {
                break;
            }
        }
        return new Calibration("platt", a, b, null, null, raw.length, window);
    }

    /** Isotonic regression by pool-adjacent-violators on (raw probability, outcome). */
    static Calibration isotonic(double[] raw, int[] y, String window) {
        int n = raw.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingDouble(i -> raw[i]));
        List<double[]> blocks = new ArrayList<>(); // {sumY, count, minX, maxX}
        for (int k = 0; k < n; k++) {
            int i = idx[k];
            blocks.add(new double[] {y[i], 1, raw[i], raw[i]});
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1);
                double[] prev = blocks.get(blocks.size() - 2);
                if (prev[0] / prev[1] >= last[0] / last[1]) {
                    prev[0] += last[0];
                    prev[1] += last[1];
                    prev[3] = last[3];
                    blocks.remove(blocks.size() - 1);
                } else {
                    break;
                }
            }
        }
        List<Double> xs = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        for (double[] blk : blocks) {
            double v = blk[0] / blk[1];
            xs.add(blk[2]);
            vs.add(v);
            if (blk[3] > blk[2]) {
                xs.add(blk[3]);
                vs.add(v);
            }
        }
        return new Calibration("isotonic", null, null, xs.stream().mapToDouble(Double::doubleValue).toArray(),
                vs.stream().mapToDouble(Double::doubleValue).toArray(), n, window);
    }
}
