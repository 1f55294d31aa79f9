package io.leadscore.serving.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.leadscore.model.Reason;
import io.leadscore.predict.ReasonJson;
import io.leadscore.rules.Tier;
import java.util.List;

/**
 * One lead's answer from {@code /v1/predict} and each element of {@code /v1/predict/batch}: the
 * model's probability, score and tier, the rule score and tier it replaces (null without a rules
 * file), the top reasons, the model that scored the lead, warnings, the segment whose own model
 * scored it ({@code train --segment-by}; null when the pooled model, or a model without segments,
 * did), and where stored features came from (only when they were looked up or computed from events). Its JSON keys, in this order, are the CRM's contract
 * (and the OpenAPI document's); Jackson writes them, each reason as the scoring core's {@link ReasonJson} writes it.
 * In a cold start ({@link #rulesOnly}) the same keys come with the model's fields null.
 */
public record PredictionAnswer(String leadId, Double probability, Integer score, Tier tier, Integer ruleScore, Tier ruleTier,
                               @JsonSerialize(contentUsing = ReasonJson.class) List<Reason> reasons, String modelName,
                               String modelVersion, List<String> warnings, String segment,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String featuresFrom,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String featuresAsOf) {

    /** The answer of a cold start: the point table's score and tier, every model field null, the values read by conversion as warnings. */
    public static PredictionAnswer rulesOnly(String leadId, int ruleScore, Tier ruleTier, List<String> warnings) {
        return new PredictionAnswer(leadId, null, null, null, ruleScore, ruleTier, null, null, null, warnings, null, null, null);
    }
}
