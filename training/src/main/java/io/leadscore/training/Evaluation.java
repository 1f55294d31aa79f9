package io.leadscore.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.leadscore.model.RankingMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holdout metrics of conversion scores against outcomes. Probabilities get all metrics; point
 * scores (rules) only the ranking ones. Ties are handled exactly: AUC with mid-ranks, PR-AUC over
 * distinct thresholds, lift with the boundary tie group counted fractionally.
 *
 * @param n leads evaluated
 * @param positives converted leads among them
 * @param auc area under the ROC curve
 * @param prAuc average precision (area under the precision-recall curve)
 * @param logLoss mean negative log-likelihood (probabilities only)
 * @param brier mean squared error of the probability (probabilities only)
 * @param ece expected calibration error over 10 equal-width probability bins (probabilities only)
 * @param liftAt10pct conversion rate in the top 10% by score over the overall rate
 */
@JsonPropertyOrder({"n", "positives", "auc", "pr_auc", "log_loss", "brier", "ece", "lift_at_10pct"})
public record Evaluation(
        @JsonProperty("n") long n,
        @JsonProperty("positives") long positives,
        @JsonProperty("auc") double auc,
        @JsonProperty("pr_auc") double prAuc,
        @JsonProperty("log_loss") double logLoss,
        @JsonProperty("brier") double brier,
        @JsonProperty("ece") double ece,
        @JsonProperty("lift_at_10pct") double liftAt10pct) {

    /** Number of equal-width bins of the expected calibration error. */
    public static final int ECE_BINS = 10;

    /** Mean negative log-likelihood of probabilities (clipped to [1e-15, 1 − 1e-15]). */
    public static double logLoss(double[] p, int[] y) {
        double ll = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(Math.max(p[i], 1e-15), 1 - 1e-15);
            ll -= y[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
        return ll / p.length;
    }

    /** All metrics of calibrated probabilities. */
    public static Evaluation ofProbabilities(double[] p, int[] y) {
        check(p, y);
        double brier = 0;
        for (int i = 0; i < p.length; i++) {
            brier += (p[i] - y[i]) * (p[i] - y[i]);
        }
        return new Evaluation(p.length, positives(y), RankingMetrics.auc(p, y), RankingMetrics.averagePrecision(p, y), logLoss(p, y), brier / p.length,
                ece(p, y, ECE_BINS), lift(p, y, 0.10));
    }

    /** The ranking metrics of any score (higher = more likely to convert), e.g. rule points. */
    public static Map<String, Object> rankingOf(double[] score, int[] y) {
        check(score, y);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("auc", RankingMetrics.auc(score, y));
        m.put("pr_auc", RankingMetrics.averagePrecision(score, y));
        m.put("lift_at_10pct", lift(score, y, 0.10));
        return m;
    }

    /** The metrics as an ordered map with the public JSON keys. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("positives", positives);
        m.put("auc", auc);
        m.put("pr_auc", prAuc);
        m.put("log_loss", logLoss);
        m.put("brier", brier);
        m.put("ece", ece);
        m.put("lift_at_10pct", liftAt10pct);
        return m;
    }

    private static void check(double[] s, int[] y) {
        if (s.length != y.length || s.length == 0) {
            throw new IllegalArgumentException("need equal, non-zero numbers of scores and outcomes");
        }
    }

    /** Number of converted leads (1s) in {@code y}. */
    public static long positives(int[] y) {
        return RankingMetrics.positives(y);
    }

    /** Conversion rate among the top {@code fraction} by score over the overall rate; ties at the cut count fractionally. */
    public static double lift(double[] s, int[] y, double fraction) {
        double base = (double) positives(y) / y.length;
        if (base == 0) {
            return Double.NaN;
        }
        double k = fraction * y.length;
        Integer[] idx = RankingMetrics.byScoreDesc(s);
        double taken = 0;
        double hits = 0;
        int i = 0;
        while (i < idx.length && taken < k) {
            int j = RankingMetrics.lastOfTieGroup(s, idx, i);
            int size = j - i + 1;
            long groupPos = 0;
            for (int q = i; q <= j; q++) {
                groupPos += y[idx[q]];
            }
            double share = Math.min(1.0, (k - taken) / size);
            taken += share * size;
            hits += share * groupPos;
            i = j + 1;
        }
        return (hits / k) / base;
    }

    /** Expected calibration error: bin-size-weighted mean |observed rate − mean probability|. */
    public static double ece(double[] p, int[] y, int bins) {
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        long[] count = new long[bins];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(bins - 1, (int) Math.floor(p[i] * bins));
            sumP[b] += p[i];
            sumY[b] += y[i];
            count[b]++;
        }
        double e = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                e += Math.abs(sumY[b] - sumP[b]) / p.length;
            }
        }
        return e;
    }
}
