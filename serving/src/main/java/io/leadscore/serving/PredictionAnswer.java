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
        /** The keys, encoded once. */
        private static final SerializableString LEAD_ID = new SerializedString("lead_id");
        private static final SerializableString PROBABILITY = new SerializedString("probability");
        private static final SerializableString SCORE = new SerializedString("score");
        private static final SerializableString TIER = new SerializedString("tier");
        private static final SerializableString RULE_SCORE = new SerializedString("rule_score");
        private static final SerializableString RULE_TIER = new SerializedString("rule_tier");
        private static final SerializableString REASONS = new SerializedString("reasons");
        private static final SerializableString FEATURE = new SerializedString("feature");
        private static final SerializableString VALUE = new SerializedString("value");
        private static final SerializableString CONTRIBUTION = new SerializedString("contribution");
        private static final SerializableString DIRECTION = new SerializedString("direction");
        private static final SerializableString DESCRIPTION = new SerializedString("description");
        private static final SerializableString MODEL_NAME = new SerializedString("model_name");
        private static final SerializableString MODEL_VERSION = new SerializedString("model_version");
        private static final SerializableString WARNINGS = new SerializedString("warnings");
        private static final SerializableString FEATURES_FROM = new SerializedString("features_from");
        private static final SerializableString FEATURES_AS_OF = new SerializedString("features_as_of");
        private static final SerializableString RAISES = new SerializedString("raises");
        private static final SerializableString LOWERS = new SerializedString("lowers");
        private static final Map<String, SerializableString> ENCODED = new ConcurrentHashMap<>();

        Json() {
            super(PredictionAnswer.class);
        }

        @Override
        public void serialize(PredictionAnswer a, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            g.writeFieldName(LEAD_ID);
            g.writeString(a.leadId());
            g.writeFieldName(PROBABILITY);
            g.writeNumber(a.probability());
            g.writeFieldName(SCORE);
            g.writeNumber(a.score());
            g.writeFieldName(TIER);
            g.writeString(a.tier().label());
            g.writeFieldName(RULE_SCORE);
            if (a.ruleScore() == null) {
                g.writeNull();
            } else {
                g.writeNumber(a.ruleScore());
            }
            g.writeFieldName(RULE_TIER);
            g.writeString(a.ruleTier() == null ? null : a.ruleTier().label());
            g.writeFieldName(REASONS);
            g.writeStartArray();
            for (Reason r : a.reasons()) {
                g.writeStartObject();
                g.writeFieldName(FEATURE);
                g.writeString(encoded(r.feature()));
                g.writeFieldName(VALUE);
                writeValue(g, r.value(), provider);
                g.writeFieldName(CONTRIBUTION);
                writeFixed(g, r.contribution());
                g.writeFieldName(DIRECTION);
                g.writeString(r.contribution() >= 0 ? RAISES : LOWERS);
                g.writeFieldName(DESCRIPTION);
                g.writeString(encoded(r.description()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName(MODEL_NAME);
            g.writeString(a.modelName());
            g.writeFieldName(MODEL_VERSION);
            g.writeString(a.modelVersion());
            g.writeFieldName(WARNINGS);
            g.writeStartArray();
            for (String w : a.warnings()) {
                g.writeString(w);
            }
            g.writeEndArray();
            if (a.featuresFrom() != null) {
                g.writeFieldName(FEATURES_FROM);
                g.writeString(a.featuresFrom());
                g.writeFieldName(FEATURES_AS_OF);
                g.writeString(a.featuresAsOf());
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

        /** Writes {@code v} rounded to 6 decimals, without trailing zeros (as 1.5, -0.000123, 2.0). */
        private static void writeFixed(JsonGenerator g, double v) throws IOException {
            if (!(Math.abs(v) < 1e12)) {
                g.writeNumber(v);
                return;
            }
            long m = Math.round(Math.abs(v) * 1e6);
            char[] buf = new char[24];
            int end = buf.length;
            long frac = m % 1_000_000;
            long whole = m / 1_000_000;
            int digits = 6;
            while (digits > 1 && frac % 10 == 0) {
                frac /= 10;
                digits--;
            }
            for (int k = 0; k < digits; k++) {
                buf[--end] = (char) ('0' + frac % 10);
                frac /= 10;
            }
            buf[--end] = '.';
            do {
                buf[--end] = (char) ('0' + whole % 10);
                whole /= 10;
            } while (whole > 0);
            if (v < 0 && m != 0) {
                buf[--end] = '-';
            }
            g.writeNumber(buf, end, buf.length - end);
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
