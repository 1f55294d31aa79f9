package io.leadscore.serving.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
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
 * were looked up or computed from events). Its JSON keys, in this order, are the CRM's contract
 * (and the OpenAPI document's); Jackson writes them, each reason as {@link ReasonJson} writes it.
 */
public record PredictionAnswer(String leadId, double probability, int score, Tier tier, Integer ruleScore, Tier ruleTier,
                               @JsonSerialize(contentUsing = ReasonJson.class) List<Reason> reasons, String modelName,
                               String modelVersion, List<String> warnings,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String featuresFrom,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String featuresAsOf) {

    /**
     * A reason as {@code {"feature", "value", "contribution", "direction", "description"}}: the value
     * as received, the contribution rounded to 6 decimals (written without exponent, as 0.000123),
     * the direction {@code raises} or {@code lowers} by its sign.
     */
    static final class ReasonJson extends StdSerializer<Reason> {
        private static final SerializedString FEATURE = new SerializedString("feature");
        private static final SerializedString VALUE = new SerializedString("value");
        private static final SerializedString CONTRIBUTION = new SerializedString("contribution");
        private static final SerializedString DIRECTION = new SerializedString("direction");
        private static final SerializedString DESCRIPTION = new SerializedString("description");
        private static final SerializedString RAISES = new SerializedString("raises");
        private static final SerializedString LOWERS = new SerializedString("lowers");
        /** Most names and descriptions kept encoded: those of the models served since start, far fewer. */
        private static final int KEPT = 4096;
        /** Feature names and descriptions, the same few strings in every answer, quoted and encoded once. */
        private static final Map<String, SerializedString> ENCODED = new ConcurrentHashMap<>();

        ReasonJson() {
            super(Reason.class);
        }

        private static void writeText(JsonGenerator g, String text) throws IOException {
            if (text == null) {
                g.writeNull();
                return;
            }
            SerializedString encoded = ENCODED.get(text);
            if (encoded == null && ENCODED.size() < KEPT && text.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
                // (an unpaired surrogate, which the parser accepts from "\ud800", is written by the generator's own path)
                encoded = ENCODED.computeIfAbsent(text, SerializedString::new);
            }
            if (encoded != null) {
                g.writeString(encoded);
            } else {
                g.writeString(text);
            }
        }

        @Override
        public void serialize(Reason r, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            g.writeFieldName(FEATURE);
            writeText(g, r.feature());
            g.writeFieldName(VALUE);
            if (r.value() instanceof Double d) {
                g.writeNumber(d);
            } else if (r.value() instanceof String text) {
                g.writeString(text);
            } else {
                provider.defaultSerializeValue(r.value(), g); // null, a boolean, any other value
            }
            g.writeFieldName(CONTRIBUTION);
            writeContribution(r.contribution(), g);
            g.writeFieldName(DIRECTION);
            g.writeString(r.contribution() >= 0 ? RAISES : LOWERS);
            g.writeFieldName(DESCRIPTION);
            writeText(g, r.description());
            g.writeEndObject();
        }

        /** {@code v} rounded to 6 decimals, at least one written (1.5, -0.000123, 2.0, 0.0); huge values exactly. */
        static void writeContribution(double v, JsonGenerator g) throws IOException {
            if (!(Math.abs(v) < 1e12)) {
                g.writeNumber(v);
                return;
            }
            long micros = Math.round(Math.abs(v) * 1e6);
            long fraction = micros % 1_000_000;
            int digits = 6;
            while (digits > 1 && fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            String f = Long.toString(fraction);
            StringBuilder text = new StringBuilder(24).append(v < 0 && micros != 0 ? "-" : "").append(micros / 1_000_000).append('.');
            for (int k = f.length(); k < digits; k++) {
                text.append('0');
            }
            g.writeNumber(text.append(f).toString());
        }
    }
}
