package io.leadscore.serving.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.leadscore.model.Reason;
import io.leadscore.rules.Tier;
import java.io.IOException;
import java.util.List;

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
        ReasonJson() {
            super(Reason.class);
        }

        @Override
        public void serialize(Reason r, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            g.writeStringField("feature", r.feature());
            g.writeFieldName("value");
            if (r.value() instanceof Double d) {
                g.writeNumber(d);
            } else if (r.value() instanceof String text) {
                g.writeString(text);
            } else {
                provider.defaultSerializeValue(r.value(), g); // null, a boolean, any other value
            }
            g.writeFieldName("contribution");
            writeContribution(r.contribution(), g);
            g.writeStringField("direction", r.contribution() >= 0 ? "raises" : "lowers");
            g.writeStringField("description", r.description());
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
