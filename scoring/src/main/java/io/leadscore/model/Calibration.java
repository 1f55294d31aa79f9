package io.leadscore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;

/**
 * Maps a model's raw probability to a calibrated one, fitted on rows the model did not train on.
 * <ul>
 *   <li>{@code platt}: {@code p = sigmoid(slope × logit(raw) + intercept)}. Monotone and linear in
 *       log-odds, so reasons stay exact: each contribution is scaled by {@code slope};</li>
 *   <li>{@code isotonic}: a non-decreasing step function through ({@code thresholds}, {@code values}),
 *       linearly interpolated; reasons are then exact in the raw model's log-odds;</li>
 *   <li>{@code none}: the raw probability.</li>
 * </ul>
 *
 * @param method platt, isotonic or none
 * @param slope Platt slope on the raw log-odds
 * @param intercept Platt intercept
 * @param thresholds isotonic: raw probabilities, increasing
 * @param values isotonic: calibrated probabilities at the thresholds, non-decreasing
 * @param rows rows the calibration was fitted on
 * @param window what those rows were, in words
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Calibration(String method, Double slope, Double intercept, double[] thresholds, double[] values, long rows, String window) {
    /** Calibrated probabilities stay within [EPS, 1 − EPS]. */
    static final double EPS = 1e-6;

    /** No calibration. */
    public static Calibration none() {
        return new Calibration("none", null, null, null, null, 0, null);
    }

    public double apply(double raw) {
        return switch (method) {
            case "platt" -> clip(sigmoid(slope * logit(raw) + intercept));
            case "isotonic" -> clip(interpolate(raw));
            default -> raw;
        };
    }

    /**
     * The factor from raw-model log-odds to explained log-odds: Platt's slope, else 1 (isotonic and
     * none explain the raw model's log-odds).
     */
    public double reasonScale() {
        return "platt".equals(method) ? slope : 1.0;
    }

    /** The offset added to explained log-odds (Platt's intercept, else 0). */
    public double reasonOffset() {
        return "platt".equals(method) ? intercept : 0.0;
    }

    private double interpolate(double raw) {
        int i = Arrays.binarySearch(thresholds, raw);
        if (i >= 0) {
            return values[i];
        }
        int hi = -i - 1;
        if (hi == 0) {
            return values[0];
        }
        if (hi == thresholds.length) {
            return values[values.length - 1];
        }
        double t = (raw - thresholds[hi - 1]) / (thresholds[hi] - thresholds[hi - 1]);
        return values[hi - 1] + t * (values[hi] - values[hi - 1]);
    }

    static double logit(double p) {
        double q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
        return Math.log(q / (1 - q));
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, EPS), 1 - EPS);
    }
}
