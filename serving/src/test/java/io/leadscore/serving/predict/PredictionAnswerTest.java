package io.leadscore.serving.predict;

import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.http.InvalidRequestException;
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
                    List.of("w"), null, null, null);
            byte[] bytes = json(answer);
            JsonNode json = HttpJson.parse(bytes);
            List<String> texts = contributionTexts(bytes);
            assertEquals(List.of("lead_id", "probability", "score", "tier", "rule_score", "rule_tier", "reasons", "model_name", "model_version", "warnings",
                    "segment"), iterable(json.fieldNames()));
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

    @Test
    void anyAnswerReadsBackAsItsValuesWithNumbersAsJacksonWritesThem() throws IOException {
        Random random = new Random(21);
        String[] pieces = {"a", "Z9", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "\u00e9", "\u20ac", "\ud83d\ude00", "\ud800", "</"};
        for (int n = 0; n < 3_000; n++) {
            List<Reason> reasons = new ArrayList<>();
            for (int k = random.nextInt(6); k > 0; k--) {
                Object value = switch (random.nextInt(6)) {
                    case 0 -> null;
                    case 1 -> random.nextBoolean();
                    case 2 -> text(random, pieces);
                    case 3 -> (double) (random.nextInt(20_000_001) - 10_000_000); // whole numbers around the 10^7 edge
                    case 4 -> random.nextBoolean() ? -0.0 : Math.pow(10, random.nextInt(30) - 10) * random.nextGaussian();
                    default -> random.nextInt(10) == 0 ? Double.NaN : random.nextDouble() * 100;
                };
                reasons.add(new Reason(text(random, pieces), value, random.nextGaussian(), random.nextBoolean() ? null : text(random, pieces)));
            }
            List<String> warnings = new ArrayList<>();
            for (int k = random.nextInt(3); k > 0; k--) {
                warnings.add(text(random, pieces));
            }
            boolean rules = random.nextBoolean();
            boolean stored = random.nextBoolean();
            PredictionAnswer a = new PredictionAnswer(random.nextInt(10) == 0 ? null : text(random, pieces), random.nextDouble(), 1 + random.nextInt(99),
                    Tier.values()[random.nextInt(3)], rules ? random.nextInt(200) - 50 : null, rules ? Tier.values()[random.nextInt(3)] : null,
                    reasons, text(random, pieces), text(random, pieces), warnings, random.nextBoolean() ? null : text(random, pieces),
                    stored ? "online_store" : null, stored ? text(random, pieces) : null);
            byte[] bytes = json(a);
            JsonNode json = HttpJson.parse(bytes);
            String at = "answer " + n + ": " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(a.leadId(), json.get("lead_id").isNull() ? null : json.get("lead_id").asText(), at);
            assertEquals(Double.toString(a.probability()), Double.toString(json.get("probability").doubleValue()), at);
            assertEquals(a.score(), json.get("score").intValue(), at);
            assertEquals(a.tier().label(), json.get("tier").asText(), at);
            assertEquals(a.ruleScore(), json.get("rule_score").isNull() ? null : json.get("rule_score").intValue(), at);
            assertEquals(a.ruleTier() == null ? null : a.ruleTier().label(), json.get("rule_tier").isNull() ? null : json.get("rule_tier").asText(), at);
            assertEquals(a.modelName(), json.get("model_name").asText(), at);
            assertEquals(a.modelVersion(), json.get("model_version").asText(), at);
            assertEquals(a.warnings(), iterable(json.get("warnings").elements()).stream().map(JsonNode::asText).toList(), at);
            assertEquals(a.segment(), json.get("segment").isNull() ? null : json.get("segment").asText(), at);
            assertEquals(stored, json.has("features_from"), at);
            if (stored) {
                assertEquals(a.featuresAsOf(), json.get("features_as_of").asText(), at);
            }
            assertEquals(reasons.size(), json.get("reasons").size(), at);
            List<String> valueTexts = valueTexts(bytes);
            for (int r = 0; r < reasons.size(); r++) {
                Reason expected = reasons.get(r);
                JsonNode reason = json.get("reasons").get(r);
                assertEquals(expected.feature(), reason.get("feature").asText(), at);
                assertEquals(expected.description(), reason.get("description").isNull() ? null : reason.get("description").asText(), at);
                Object v = expected.value();
                // every value as Jackson itself writes it: the same text for numbers (NaN as a string)
                assertEquals(HttpJson.JSON.writeValueAsString(v), valueTexts.get(r), at);
            }
        }
    }

    @Test
    void anOutsizedAnswerIsWrittenWholeAndTheNextOneAsUsual() {
        String huge = "L".repeat(300_000) + "\u00e9";
        List<Reason> reasons = List.of(new Reason("f", 1.5, 0.25, "d"));
        for (String id : List.of(huge, "L1", huge.substring(1_000), "L2")) {
            PredictionAnswer a = new PredictionAnswer(id, 0.5, 50, Tier.WARM, null, null, reasons, "m", "v", List.of(), null, null, null);
            JsonNode json = HttpJson.parse(json(a));
            assertEquals(id, json.get("lead_id").asText());
            assertEquals(1.5, json.get("reasons").get(0).get("value").doubleValue());
            assertEquals("v", json.get("model_version").asText());
        }
    }

    /** The answer as the predict routes write it. */
    private static byte[] json(PredictionAnswer a) {
        try {
            return HttpJson.JSON.writeValueAsBytes(a);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A random string of the given pieces (escapes, multi-byte and unpaired surrogates among them). */
    private static String text(Random random, String[] pieces) {
        StringBuilder s = new StringBuilder();
        for (int k = random.nextInt(5); k > 0; k--) {
            s.append(pieces[random.nextInt(pieces.length)]);
        }
        return s.toString();
    }

    /** Each reason's value as written, as JSON text. */
    private static List<String> valueTexts(byte[] json) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = HttpJson.JSON.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("value")) {
                    JsonToken v = p.nextToken();
                    out.add(v == JsonToken.VALUE_STRING ? HttpJson.JSON.writeValueAsString(p.getText()) : p.getText());
                }
            }
        }
        return out;
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

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
