package io.leadscore.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.leadscore.model.Reason;
import io.leadscore.rules.Tier;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One lead's answer from {@code /v1/predict} and each element of {@code /v1/predict/batch}: the
 * model's probability, score and tier, the rule score and tier it replaces (null without a rules
 * file), the top reasons, the model, warnings, and where stored features came from (only when they
 * were looked up or computed from events). The JSON keys, written by {@link Json}, are the CRM's
 * contract (and the OpenAPI document's).
 */
@JsonSerialize(using = PredictionAnswer.Json.class)
record PredictionAnswer(String leadId, double probability, int score, Tier tier, Integer ruleScore, Tier ruleTier,
                        List<Reason> reasons, String modelName, String modelVersion, List<String> warnings,
                        String featuresFrom, String featuresAsOf) {

    /**
     * Writes an answer field by field: this is the hot path of batch scoring, and the feature names
     * and descriptions, repeated in every answer, are encoded once.
     */
    static final class Json extends StdSerializer<PredictionAnswer> {
        private static final int MAX_CACHED = 10_000;
        private static final Map<String, SerializableString> ENCODED = new ConcurrentHashMap<>();

        Json() {
            super(PredictionAnswer.class);
        }

        @Override
        public void serialize(PredictionAnswer a, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            g.writeStringField("lead_id", a.leadId());
            g.writeNumberField("probability", a.probability());
            g.writeNumberField("score", a.score());
            g.writeStringField("tier", a.tier().label());
            g.writeFieldName("rule_score");
            if (a.ruleScore() == null) {
                g.writeNull();
            } else {
                g.writeNumber(a.ruleScore());
            }
            g.writeStringField("rule_tier", a.ruleTier() == null ? null : a.ruleTier().label());
            g.writeArrayFieldStart("reasons");
            for (Reason r : a.reasons()) {
                g.writeStartObject();
                g.writeFieldName("feature");
                g.writeString(encoded(r.feature()));
                g.writeFieldName("value");
                writeValue(g, r.value(), provider);
                g.writeNumberField("contribution", r.contribution());
                g.writeStringField("direction", r.contribution() >= 0 ? "raises" : "lowers");
                g.writeFieldName("description");
                g.writeString(encoded(r.description()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("model_name", a.modelName());
            g.writeStringField("model_version", a.modelVersion());
            g.writeArrayFieldStart("warnings");
            for (String w : a.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            if (a.featuresFrom() != null) {
                g.writeStringField("features_from", a.featuresFrom());
                g.writeStringField("features_as_of", a.featuresAsOf());
            }
            g.writeEndObject();
        }

        private static void writeValue(JsonGenerator g, Object v, SerializerProvider provider) throws IOException {
            if (v == null) {
                g.writeNull();
            } else if (v instanceof Double d) {
                g.writeNumber(d);
            } else if (v instanceof String s) {
                g.writeString(s);
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else {
                provider.defaultSerializeValue(v, g);
            }
        }

        private static SerializableString encoded(String s) {
            SerializableString e = ENCODED.get(s);
            if (e == null) {
                e = new SerializedString(s);
                if (ENCODED.size() < MAX_CACHED) {
                    ENCODED.put(s, e);
                }
            }
            return e;
        }
    }
}
