package io.leadscore.serving.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.data.ColumnType;
import io.leadscore.features.InputFeature;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.http.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader reads every lead as Jackson's tree reads it — the same values and id, or the
 * same mistakes at the same paths, the same request form — alone and in batches; a malformed body
 * is a 400 wherever it breaks.
 */
class LeadReaderTest {
    /** The categorical input's levels: the generated leads also send others. */
    private static final List<String> LEVELS = List.of("level-0", "level-2", "level-3", "7", "été");
    private static final List<InputFeature> INPUTS = List.of(
            input("num", ColumnType.NUMERIC, true), input("flag", ColumnType.BOOLEAN, false),
            new InputFeature("cat", ColumnType.CATEGORICAL, true, "identity", null, null, false, LEVELS),
            input("ts", ColumnType.TIMESTAMP, false), input("opt_num", ColumnType.NUMERIC, false));
    /** Fields the rules read: one of them is also an input. */
    private static final Set<String> EXTRAS = Set.of("job_level", "budget", "cat");
    private static final String[] FIELDS = {"lead_id", "num", "flag", "cat", "ts", "opt_num", "job_level", "budget", "other", "events",
            "attributes", "scored_at"};
    private static final String[] VALUES = {"1", "-0", "1.5", "0", "1.0", "-7", "1e400", "12345678901234567890123", "2147483648", "true", "false",
            "null", "\"text\"", "\"esc\\\"aped \\u00e9\"", "\"\"", "[1,2]", "{\"a\":[1,{\"b\":2}]}", "\"2026-01-01T00:00:00Z\""};
    private static final LeadReader READER = new LeadReader(INPUTS, EXTRAS);

    private static InputFeature input(String name, ColumnType type, boolean required) {
        return new InputFeature(name, type, required, "identity", null, null, false, null);
    }

    @Test
    void agreesWithTheTreeOnTenThousandSeededLeads() {
        Random random = new Random(11);
        int read = 0;
        int refused = 0;
        for (int n = 0; n < 10_000; n++) {
            String text = lead(random);
            String outcome = assertAsTheTree(text);
            read += outcome.startsWith("lead") ? 1 : 0;
            refused += outcome.startsWith("errors") ? 1 : 0;
        }
        // the generator must exercise both sides
        assertTrue(read > 1_500 && refused > 2_000, "read " + read + ", refused " + refused);
    }

    @Test
    void aBatchReadsEachLeadAsTheTreeReadsItAtItsPath() {
        Random random = new Random(3);
        for (int b = 0; b < 40; b++) {
            int n = random.nextInt(300);
            String sep = new String[] {"", " ", "\n  ", "\t\r\n"}[random.nextInt(4)];
            List<String> leads = new ArrayList<>();
            StringBuilder body = new StringBuilder("{" + sep + "\"note\": {\"leads\": [1]}," + sep + "\"leads\"" + sep + ":" + sep + "[");
            for (int i = 0; i < n; i++) {
                String lead = random.nextInt(10) == 0 ? VALUES[random.nextInt(VALUES.length)] : lead(random);
                leads.add(lead);
                body.append(i == 0 ? sep : sep + "," + sep).append(lead);
            }
            body.append(sep).append("]").append(sep).append(", \"after\": \"]}\"}");
            List<LeadReader.Lead> read = READER.readBatch(bytes(body.toString()), 10_000);
            assertEquals(n, read.size());
            JsonNode tree = HttpJson.parse(bytes(body.toString())).get("leads");
            for (int i = 0; i < n; i++) {
                String path = "$.leads[" + i + "]";
                assertEquals(path, read.get(i).path());
                assertEquals(TreeLeads.outcome(tree.get(i), path), describe(read.get(i)), leads.get(i));
            }
        }
    }

    @Test
    void aMalformedBodyIsA400WhereverItBreaks() {
        Random random = new Random(4);
        StringBuilder good = new StringBuilder("{\"leads\": [");
        for (int i = 0; i < 500; i++) {
            good.append(i == 0 ? "" : ", ").append("{\"lead_id\": \"L").append(i).append("\", \"num\": ").append(i).append(", \"cat\": \"level-0\"}");
        }
        String body = good.append("]}").toString();
        assertEquals(500, READER.readBatch(bytes(body), 10_000).size());
        for (int k = 0; k < 50; k++) {
            int cut = body.indexOf("{\"lead_id\"", random.nextInt(body.length() - 20));
            String broken = cut < 0 ? body.substring(0, body.length() - 2) : body.substring(0, cut) + "]" + body.substring(cut);
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> READER.readBatch(bytes(broken), 10_000), broken);
            assertEquals(400, e.status());
            assertEquals("$", e.errors().get(0).path());
            assertTrue(e.errors().get(0).message().startsWith("malformed JSON at line 1, column "), e.errors().get(0).message());
        }
        for (String shape : new String[] {"[1, 2]", "{\"leads\": 3}", "{\"lead\": []}", "{\"leads\": [], \"leads\": {}}", "  ", "7"}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> READER.readBatch(bytes(shape), 10_000), shape);
            assertEquals(List.of(new FieldError("$.leads", "expected {\"leads\": [ ...one object per lead... ]}")), e.errors(), shape);
        }
        InvalidRequestException tooMany = assertThrows(InvalidRequestException.class, () -> READER.readBatch(bytes(body), 499));
        assertEquals(413, tooMany.status());
        assertEquals("batch too large: 500 leads, at most 499 per request", tooMany.getMessage());
        assertEquals(2, READER.readBatch(bytes("{\"leads\": [{}, {}, {}], \"leads\": [{}, {}]}"), 2).size(), "the last leads count");
    }

    @Test
    void findsTheRequestsFormAndNamesMistakesAsTheContractSays() {
        LeadReader.Lead lead = READER.readOne(bytes("{\"lead_id\": 42, \"num\": 3, \"cat\": 7, \"flag\": 0, \"job_level\": \"vp\", \"other\": {\"x\": [1]}}"));
        assertEquals("42", lead.features().leadId());
        assertEquals(Map.of("num", 3.0, "cat", "7", "flag", false, "job_level", "vp"), lead.features().values());
        assertEquals("0", READER.readOne(bytes("{\"num\": 1, \"cat\": -0}")).features().get("cat"), "as the tree writes -0");
        assertNull(READER.readOne(bytes("{\"num\": 1, \"cat\": \"a\", \"opt_num\": 2, \"opt_num\": null}")).features().get("opt_num"),
                "the last of repeated fields counts");
        assertEquals("L1", READER.readOne(bytes("{\"lead_id\": \"L1\"}")).lookupId(), "a lone id: the online store's");
        assertNull(READER.readOne(bytes("{\"lead_id\": \"L1\", \"num\": 1}")).lookupId());
        JsonNode raw = READER.readOne(bytes("{\"num\": 1, \"events\": [{\"ts\": 1}], \"lead_id\": \"L1\"}")).rawData();
        assertEquals("L1", raw.get("lead_id").asText(), "raw data: the feature definitions'");
        assertEquals(1, raw.get("events").size());
        // the inputs' mistakes in the inputs' order, then the rule fields' (in the rule set's order), then the id's
        List<FieldError> errors = READER.readOne(bytes("{\"cat\": [1], \"job_level\": {}, \"lead_id\": 1.5}")).errors();
        assertEquals(List.of(new FieldError("$.num", "required field is missing (expected a number)"),
                new FieldError("$.cat", "expected a string, got an array")), errors.subList(0, 2));
        assertEquals(Set.of(new FieldError("$.cat", "expected a single value, got an array"),
                new FieldError("$.job_level", "expected a single value, got an object")), Set.copyOf(errors.subList(2, 4)));
        assertEquals(List.of(new FieldError("$.lead_id", "expected a string or a whole number")), errors.subList(4, errors.size()));
        for (String body : new String[] {"{", "{\"num\": 1,}", "[1,"}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> READER.readOne(bytes(body)));
            assertTrue(e.errors().get(0).message().startsWith("malformed JSON at line 1"), body);
        }
        for (String body : new String[] {"[]", "42", "null", "  "}) {
            assertEquals(List.of(new FieldError("$", "expected a JSON object describing one lead")), READER.readOne(bytes(body)).errors(), body);
        }
    }

    @Test
    void aKnownLevelIsReadAsTheInternedLevel() {
        for (String level : LEVELS) {
            String escaped = level.replace("l", "\\u006c").replace("é", "\\u00e9");
            for (String sent : List.of(level, escaped)) {
                Object read = READER.readOne(bytes("{\"num\": 1, \"cat\": \"" + sent + "\"}")).features().get("cat");
                assertTrue(read == level.intern(), "the interned level for " + sent);
            }
        }
        for (String other : List.of("level-1", "level-00", "level-", "", "LEVEL-0", "ete", "level-0 ")) {
            assertEquals(other, READER.readOne(bytes("{\"num\": 1, \"cat\": \"" + other + "\"}")).features().get("cat"), "an unknown value as sent");
        }
    }

    /** A seeded lead: mostly the fields a lead should have with good values, sometimes anything, sometimes not an object. */
    private static String lead(Random random) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(9);
        for (int f = 0; f < fields; f++) {
            String name = f < 3 && random.nextInt(4) > 0 ? new String[] {"num", "cat", "lead_id"}[f] : FIELDS[random.nextInt(FIELDS.length)];
            String value = random.nextInt(3) > 0 ? good(name, random) : VALUES[random.nextInt(VALUES.length)];
            json.append(f == 0 ? "" : random.nextBoolean() ? "," : " ,\n ").append('"').append(name).append("\":").append(value);
        }
        json.append('}');
        return random.nextInt(30) == 0 ? "[" + json + "]" : json.toString();
    }

    private static String good(String name, Random random) {
        return switch (name) {
            case "num", "opt_num", "budget" -> switch (random.nextInt(3)) {
                case 0 -> Integer.toString(random.nextInt(100));
                case 1 -> String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 100);
                default -> Double.toString(random.nextDouble() * 100);
            };
            case "flag" -> random.nextBoolean() ? "true" : "1";
            case "cat", "job_level" -> random.nextBoolean() ? "\"level-" + random.nextInt(5) + "\"" : Integer.toString(random.nextInt(5));
            case "lead_id" -> random.nextBoolean() ? "\"L-" + random.nextInt(1000) + "\"" : Integer.toString(random.nextInt(1000));
            case "ts", "scored_at" -> "\"2026-02-03T04:05:06Z\"";
            case "events" -> "[{\"ts\": 1, \"type\": \"page_view\"}]";
            case "attributes" -> "{\"job_level\": \"vp\"}";
            default -> "\"x\"";
        };
    }

    /** The reader's outcome for {@code text} is the tree's; returns it. */
    private static String assertAsTheTree(String text) {
        String expected = TreeLeads.outcome(HttpJson.parse(bytes(text)), "$");
        assertEquals(expected, describe(READER.readOne(bytes(text))), text);
        return expected;
    }

    /** A lead as read, as {@link TreeLeads#outcome} describes it. */
    private static String describe(LeadReader.Lead lead) {
        if (lead.rawData() != null) {
            return "raw " + scalar(lead.rawData().get("lead_id")) + " " + scalar(lead.rawData().get("scored_at")) + " "
                    + lead.rawData().get("attributes") + " " + lead.rawData().get("events");
        }
        String lookup = lead.lookupId() == null ? "" : "lookup " + lead.lookupId() + " ";
        return lookup + (lead.features() != null ? "lead " + lead.features().leadId() + " " + new TreeMap<>(lead.features().values())
                : "errors " + lead.errors());
    }

    /** A scalar beside raw data (the lead id, {@code scored_at}); a nested value only by its kind. */
    private static String scalar(JsonNode n) {
        return n == null || n.isNull() ? "null" : n.isObject() ? "{}" : n.isArray() ? "[]" : n.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The reference: a lead read from Jackson's tree as the server read leads before the streaming
     * reader (a request with {@code events} or {@code attributes} is raw data, an object with only
     * a usable {@code lead_id} a lookup; else the fields, checked against the inputs and rules).
     */
    private static final class TreeLeads {
        static String outcome(JsonNode body, String path) {
            if (body != null && body.isObject() && (body.has("events") || body.has("attributes"))) {
                return "raw " + scalar(body.get("lead_id")) + " " + scalar(body.get("scored_at")) + " " + body.get("attributes")
                        + " " + body.get("events");
            }
            String lookup = "";
            if (body != null && body.isObject() && body.size() == 1 && body.has("lead_id")
                    && (body.get("lead_id").isTextual() || body.get("lead_id").isIntegralNumber())) {
                lookup = "lookup " + body.get("lead_id").asText() + " ";
            }
            List<FieldError> errors = new ArrayList<>();
            Map<String, Object> values = new TreeMap<>();
            String id = read(body, path, values, errors);
            return lookup + (errors.isEmpty() ? "lead " + id + " " + values : "errors " + errors);
        }

        private static String read(JsonNode body, String path, Map<String, Object> values, List<FieldError> errors) {
            if (body == null || !body.isObject()) {
                errors.add(new FieldError(path, "expected a JSON object describing one lead"));
                return null;
            }
            for (InputFeature in : INPUTS) {
                JsonNode node = body.get(in.name());
                String at = path + "." + in.name();
                if (node == null || node.isNull()) {
                    if (in.required()) {
                        errors.add(new FieldError(at, "required field is missing (expected " + (in.type() == ColumnType.NUMERIC ? "a number" : "a string") + ")"));
                    }
                    continue;
                }
                switch (in.type()) {
                    case NUMERIC -> put(node.isNumber() && Double.isFinite(node.asDouble()), in.name(), node.asDouble(), at, "expected a number", node, values, errors);
                    case BOOLEAN -> put(node.isBoolean() || node.isNumber() && (node.asDouble() == 0.0 || node.asDouble() == 1.0), in.name(),
                            node.isBoolean() ? node.booleanValue() : node.asDouble() == 1.0, at, "expected true or false", node, values, errors);
                    case CATEGORICAL -> put(node.isTextual() || node.isIntegralNumber(), in.name(), node.asText(), at, "expected a string", node, values, errors);
                    case TIMESTAMP -> put(node.isTextual(), in.name(), node.asText(), at, "expected an ISO-8601 timestamp string", node, values, errors);
                }
            }
            for (String name : EXTRAS) {
                JsonNode node = body.get(name);
                if (values.containsKey(name) || node == null || node.isNull()) {
                    continue;
                }
                if (node.isContainerNode()) {
                    errors.add(new FieldError(path + "." + name, "expected a single value, got " + kind(node)));
                } else {
                    values.put(name, node.isNumber() ? (Object) node.asDouble() : node.isBoolean() ? (Object) node.booleanValue() : node.textValue());
                }
            }
            JsonNode id = body.get("lead_id");
            if (id == null || id.isNull()) {
                return null;
            }
            if (id.isTextual() || id.isIntegralNumber()) {
                return id.asText();
            }
            errors.add(new FieldError(path + ".lead_id", "expected a string or a whole number"));
            return null;
        }

        private static void put(boolean fits, String name, Object value, String at, String expected, JsonNode node,
                                Map<String, Object> values, List<FieldError> errors) {
            if (fits) {
                values.put(name, value);
            } else {
                errors.add(new FieldError(at, expected + ", got " + kind(node)));
            }
        }

        private static String kind(JsonNode node) {
            return node.isTextual() ? "a string" : node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : node.isArray() ? "an array" : "an object";
        }
    }
}
