package io.leadscore.training;

import io.leadscore.model.ModelCard.TierCutoffs;
import java.util.Arrays;

/**
 * How the model's probabilities are cut into cold / warm / hot: either by sales capacity (the top
 * {@code hotShare} of leads are hot, the next {@code warmShare} warm) or by probability thresholds.
 *
 * @param hotShare share of leads that are hot (capacity policy), or null
 * @param warmShare share of leads that are warm, below the hot ones (capacity policy), or null
 * @param hotFrom lowest hot probability (threshold policy), or null
 * @param warmFrom lowest warm probability (threshold policy), or null
 */
public record TierPolicy(Double hotShare, Double warmShare, Double hotFrom, Double warmFrom) {
    /** The default: top 10% hot, next 30% warm. */
    public static TierPolicy defaultCapacity() {
        return capacity(0.10, 0.30);
    }

    public static TierPolicy capacity(double hotShare, double warmShare) {
        if (hotShare <= 0 || warmShare < 0 || hotShare + warmShare > 1) {
            throw new IllegalArgumentException("capacity shares must be positive and add up to at most 100%");
        }
        return new TierPolicy(hotShare, warmShare, null, null);
    }

    public static TierPolicy thresholds(double warmFrom, double hotFrom) {
        if (!(0 <= warmFrom && warmFrom <= hotFrom && hotFrom <= 1)) {
            throw new IllegalArgumentException("need 0 ≤ warm threshold ≤ hot threshold ≤ 1");
        }
        return new TierPolicy(null, null, hotFrom, warmFrom);
    }

    /** Cut-offs for scores whose distribution on the training window is {@code scores}. */
    public TierCutoffs cutoffs(double[] scores) {
        if (hotFrom != null) {
            return new TierCutoffs(warmFrom, hotFrom, String.format("probability thresholds: hot from %.3f, warm from %.3f", hotFrom, warmFrom));
        }
        double[] s = scores.clone();
        Arrays.sort(s);
        double hot = quantile(s, 1 - hotShare);
        double warm = quantile(s, 1 - hotShare - warmShare);
        return new TierCutoffs(warm, hot, "sales capacity: the top " + pct(hotShare) + " of training-window leads by probability are hot, the next "
                + pct(warmShare) + " warm, the rest cold");
    }

    static double quantile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.floor(q * sorted.length)))];
    }

    private static String pct(double share) {
        return Math.round(share * 1000) / 10.0 + "%";
    }
}
