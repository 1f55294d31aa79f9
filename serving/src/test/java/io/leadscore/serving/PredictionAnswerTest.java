package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.model.Reason;
import io.leadscore.rules.Tier;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An answer's JSON: the contract's keys in order, the probability exact, contributions to 6 decimals. */
class PredictionAnswerTest {

    @Test
    void writesTheContractsKeysAndContributionsRoundedToSixDecimals() throws IOException {
        Random random = new Random(8);
        List<Double> contributions = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.5, 1e-7, -4e-7, 5e-7, 0.9999996, -0.9999994,
                123456.1234564, 1e11, 3e12, -2.5e15, Double.MIN_VALUE, 0.1 + 0.2));
        for (int i = 0; i < 20_000; i++) {
            contributions.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(9) - 4));
        }
        for (int at = 0; at < contributions.size(); at += 5) {
            List<Reason> reasons = new ArrayList<>();
            for (int k = at; k < Math.min(at + 5, contributions.size()); k++) {
                reasons.add(new Reason("f" + k, k % 2 == 0 ? (Object) (double) k : "v\"" + k, contributions.get(k), "the field \u00e9 " + k));
            }
            double probability = random.nextDouble();
            PredictionAnswer answer = new PredictionAnswer("L\n" + at, probability, 42, Tier.WARM, 17, Tier.COLD, reasons, "m", "v1",
                    List.of("w"), null, null);
            byte[] bytes = HttpJson.bytes(answer);
            JsonNode json = HttpJson.parse(bytes);
            List<String> texts = contributionTexts(bytes);
            assertEquals(List.of("lead_id", "probability", "score", "tier", "rule_score", "rule_tier", "reasons", "model_name", "model_version", "warnings"),
                    iterable(json.fieldNames()));
            assertEquals("L\n" + at, json.get("lead_id").asText());
            assertEquals(probability, json.get("probability").doubleValue(), 0.0, "the probability is exact");
            for (int r = 0; r < reasons.size(); r++) {
                double c = reasons.get(r).contribution();
                JsonNode reason = json.get("reasons").get(r);
                JsonNode value = reason.get("value");
                assertEquals(reasons.get(r).value(), value.isNumber() ? (Object) value.doubleValue() : value.asText(), "the value as sent");
                assertEquals(c >= 0 ? "raises" : "lowers", reason.get("direction").asText());
                JsonNode written = reason.get("contribution");
                String text = texts.get(r);
                if (Math.abs(c) < 1e12) {
                    BigDecimal d = new BigDecimal(text);
                    assertTrue(d.scale() <= 6 && d.scale() >= 1 && !text.contains("E") && !text.contains("e"), "fixed, at most 6 decimals: " + text);
                    assertTrue(Math.abs(d.doubleValue() - c) <= 5e-7 + Math.ulp(c) * 1e6, c + " written as " + text);
                    assertEquals(Math.round(Math.abs(c) * 1e6) == 0 ? 0 : (int) Math.signum(c), d.signum(), "sign of " + c + " written as " + text);
                } else {
                    assertEquals(c, written.doubleValue(), 0.0, "a huge contribution is written exactly");
                }
            }
        }
    }

    /** The contributions as written (the numbers' own text). */
    private static List<String> contributionTexts(byte[] json) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = HttpJson.JSON.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("contribution")) {
                    p.nextToken();
                    out.add(p.getText());
                }
            }
        }
        return out;
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
