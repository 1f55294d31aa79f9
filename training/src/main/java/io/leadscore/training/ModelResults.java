package io.leadscore.training;

import io.leadscore.model.Calibration;
import io.leadscore.model.ModelCard.TierCutoffs;
import java.util.Map;

/**
 * The last steps of every training run, whatever trained the model: the calibration fitted on the
 * calibration rows' raw probabilities, tier cut-offs from the calibrated probabilities of the
 * training window, and the holdout metrics (with the calibration curve).
 *
 * @param calibration fitted on the calibration rows
 * @param tiers cut-offs on the training window
 * @param metrics holdout metrics, as in the model card
 */
public record ModelResults(Calibration calibration, TierCutoffs tiers, Map<String, Object> metrics) {

    /**
     * @param method platt, isotonic or none
     * @param rawCalibration the model's raw probabilities on the calibration rows
     * @param yCalibration their outcomes
     * @param calibrationWindow the calibration rows in words, for the card
     * @param tiers how to cut tiers
     * @param rawWindow raw probabilities on the training window (fit and calibration rows)
     * @param rawHoldout raw probabilities on the holdout
     * @param yHoldout the holdout's outcomes
     */
    public static ModelResults of(String method, double[] rawCalibration, int[] yCalibration, String calibrationWindow, TierPolicy tiers,
                                  double[] rawWindow, double[] rawHoldout, int[] yHoldout) {
        return of(method, rawCalibration, yCalibration, calibrationWindow, tiers, rawWindow, rawHoldout, yHoldout, null);
    }

    /**
     * As {@link #of(String, double[], int[], String, TierPolicy, double[], double[], int[])}, and with a
     * {@code seed} the metrics also get the holdout AUC's bootstrap interval ({@code auc_interval}).
     */
    public static ModelResults of(String method, double[] rawCalibration, int[] yCalibration, String calibrationWindow, TierPolicy tiers,
                                  double[] rawWindow, double[] rawHoldout, int[] yHoldout, Long seed) {
        return of(Calibrators.fit(method, rawCalibration, yCalibration, calibrationWindow), tiers, rawWindow, rawHoldout, yHoldout, seed);
    }

    /** The results of a fitted {@code calibration}; with a {@code seed}, the holdout AUC's bootstrap interval too. */
    public static ModelResults of(Calibration calibration, TierPolicy tiers, double[] rawWindow, double[] rawHoldout, int[] yHoldout, Long seed) {
        TierCutoffs cutoffs = tiers.cutoffs(apply(calibration, rawWindow));
        double[] pHoldout = apply(calibration, rawHoldout);
        Map<String, Object> metrics = Evaluation.ofProbabilities(pHoldout, yHoldout).toMap();
        if (seed != null) {
            metrics.put("auc_interval", BootstrapInterval.auc(pHoldout, yHoldout, seed));
        }
        metrics.put("calibration_curve", CalibrationCurve.of(pHoldout, yHoldout, Evaluation.ECE_BINS));
        return new ModelResults(calibration, cutoffs, metrics);
    }

    /** Tier cut-offs of a model whose raw probabilities on the training window are {@code rawWindow}. */
    public static TierCutoffs tiers(Calibration calibration, TierPolicy tiers, double[] rawWindow) {
        return tiers.cutoffs(apply(calibration, rawWindow));
    }

    /** The calibration rows in words: how many, and which share of the training window. */
    public static String calibrationWindow(long rows, boolean byTime) {
        return rows + " rows: the " + (byTime ? "newest" : "seeded random") + " " + Math.round(TrainingRun.CALIBRATION_FRACTION * 100)
                + "% of the training window, not used to fit the model";
    }

    private static double[] apply(Calibration c, double[] raw) {
        double[] p = new double[raw.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = c.apply(raw[i]);
        }
        return p;
    }
}
