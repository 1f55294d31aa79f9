package io.leadscore.predict;

import io.leadscore.model.Reason;
import io.leadscore.rules.Tier;
import java.util.List;

/**
 * One lead's answer as every scorer gives it: the model's verdict, the rule score it replaces, the
 * top reasons and the warnings on imputed or unknown values.
 *
 * @param probability calibrated conversion probability
 * @param score the probability as a 1–99 score
 * @param tier the model's tier
 * @param ruleScore the point table's total, or null without rules
 * @param ruleTier the point table's tier, or null without rules
 * @param reasons the top reasons, largest contribution first
 * @param warnings notes on imputed or unknown values
 * @param segment the segment value whose own model scored the lead, or null when the pooled (or only) model did
 * @param modelName the name of the model that scored the lead
 * @param modelVersion the version of the model that scored the lead
 */
public record Prediction(double probability, int score, Tier tier, Integer ruleScore, Tier ruleTier, List<Reason> reasons,
                         List<String> warnings, String segment, String modelName, String modelVersion) {
}
