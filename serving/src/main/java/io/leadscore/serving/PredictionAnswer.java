package io.leadscore.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.leadscore.model.Reason;
import io.leadscore.rules.Tier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One lead's answer from {@code /v1/predict} and each element of {@code /v1/predict/batch}: the
 * model's probability, score and tier, the rule score and tier it replaces (null without a rules
 * file), the top reasons, the model, warnings, and where stored features came from (only when they
 * were looked up or computed from events). The JSON keys, written by {@link AnswerJson}, are the CRM's
 * contract (and the OpenAPI document's).
 */
@JsonSerialize(using = PredictionAnswer.Json.class)
record PredictionAnswer(String leadId, double probability, int score, Tier tier, Integer ruleScore, Tier ruleTier,
                        List<Reason> reasons, String modelName, String modelVersion, List<String> warnings,
                        String featuresFrom, String featuresAsOf) {

    /** This answer as JSON bytes, written by {@link AnswerJson}. */
    byte[] json() {
        return AnswerJson.bytes(this);
    }

    /** Writes an answer met inside other values with the same bytes as {@link #json()}. */
    static final class Json extends StdSerializer<PredictionAnswer> {
        Json() {
            super(PredictionAnswer.class);
        }

        @Override
        public void serialize(PredictionAnswer a, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeRawValue(new String(a.json(), StandardCharsets.UTF_8));
        }
    }
}
