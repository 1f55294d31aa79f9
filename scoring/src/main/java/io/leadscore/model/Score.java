package io.leadscore.model;

import io.leadscore.rules.Tier;
import java.util.List;

/**
 * The model's verdict on one lead.
 *
 * @param probability calibrated conversion probability
 * @param score the probability as a 1–99 score
 * @param tier the tier of the probability under the model card's cut-offs
 * @param baseLogOdds log-odds of the average training lead
 * @param logOdds the explained log-odds of this lead: {@code baseLogOdds} plus all contributions
 *     (the calibrated log-odds under Platt or no calibration; the raw model's under isotonic)
 * @param reasons top contributions, largest magnitude first
 * @param warnings notes on imputed or unknown values
 */
public record Score(double probability, int score, Tier tier, double baseLogOdds, double logOdds, List<Reason> reasons, List<String> warnings) {

    /** The 1–99 score of a probability: whole percent, kept off 0 and 100. */
    public static int of(double probability) {
        return (int) Math.max(1, Math.min(99, Math.round(probability * 100)));
    }
}
