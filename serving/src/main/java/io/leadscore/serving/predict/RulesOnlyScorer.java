package io.leadscore.serving.predict;

import io.leadscore.data.ColumnType;
import io.leadscore.features.InputFeature;
import io.leadscore.rules.RuleSet;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.InvalidRequestException;
import java.util.List;
import java.util.Map;

/**
 * The cold start: while no model is loaded, a lead is answered by the point table alone, with the
 * same keys as a model's answer and the model's fields null ({@link PredictionAnswer#rulesOnly}).
 * A lead is read as for a model, its fields being the rules' with the types the rules imply
 * ({@link RuleSet#impliedTypes()}), none required; a wrong type is a 400 naming its path. Other
 * fields are ignored, so a CRM can send the lead's every field from the first day. Thread-safe.
 */
final class RulesOnlyScorer {
    private final RuleSet rules;
    private final LeadReader reader;

    RulesOnlyScorer(RuleSet rules) {
        this.rules = rules;
        Map<String, ColumnType> types = rules.impliedTypes();
        List<InputFeature> typed = types.entrySet().stream()
                .map(e -> new InputFeature(e.getKey(), e.getValue(), false, "identity", null, null, false, null)).toList();
        List<String> untyped = rules.columns().stream().filter(c -> !types.containsKey(c)).toList();
        this.reader = new LeadReader(typed, untyped);
    }

    /** The reader of leads for the rules' fields. */
    LeadReader reader() {
        return reader;
    }

    /**
     * The point table's answer for a lead read by {@link #reader()}.
     *
     * @throws InvalidRequestException for a client mistake in the lead, or a lead the point table
     *     cannot score (raw data, or only a lead id, which need a model's feature definitions or online store)
     */
    PredictionAnswer score(LeadReader.Lead lead) {
        String path = lead.path();
        if (lead.rawData() != null) {
            throw new InvalidRequestException(List.of(new FieldError(path + (lead.rawData().has(EventsRequest.EVENTS) ? ".events" : ".attributes"),
                    "no model is loaded yet and the point table reads the lead's fields: send them as fields")));
        }
        if (lead.lookupId() != null) {
            throw new InvalidRequestException(404, "no stored features for this lead", List.of(new FieldError(path + "." + LeadReader.ID_FIELD,
                    "no model is loaded yet, so nothing is looked up: send the lead's fields, which the point table scores")));
        }
        if (!lead.errors().isEmpty()) {
            throw new InvalidRequestException(lead.errors());
        }
        LeadRequest fields = lead.features();
        int points = rules.points(fields);
        return PredictionAnswer.rulesOnly(fields.leadId(), points, rules.tierOf(points), fields.conversions());
    }
}
