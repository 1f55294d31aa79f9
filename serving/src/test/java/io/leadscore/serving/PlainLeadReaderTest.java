package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.data.ColumnType;
import io.leadscore.features.InputFeature;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The streaming read of plain leads gives exactly what the tree gives, and declines everything else. */
class PlainLeadReaderTest {
    /** The categorical input's levels: the generated leads also send others. */
    private static final List<String> LEVELS = List.of("level-0", "level-2", "level-3", "7", "été");
    private static final List<InputFeature> INPUTS = List.of(
            input("num", ColumnType.NUMERIC, true), input("flag", ColumnType.BOOLEAN, false), new InputFeature("cat", ColumnType.CATEGORICAL, true, "identity", null, null, false, LEVELS),
            input("ts", ColumnType.TIMESTAMP, false), input("opt_num", ColumnType.NUMERIC, false));
    /** Fields the rules read: one of them is also an input. */
    private static final Set<String> EXTRAS = Set.of("job_level", "budget", "cat");
    private static final String[] FIELDS = {"lead_id", "num", "flag", "cat", "ts", "opt_num", "job_level", "budget", "other", "events", "attributes"};
    private static final String[] VALUES = {"1", "-0", "1.5", "0", "1.0", "-7", "1e400", "12345678901234567890123", "2147483648", "true", "false",
            "null", "\"text\"", "\"esc\\\"aped \\u00e9\"", "\"\"", "[1,2]", "{\"a\":[1,{\"b\":2}]}", "\"2026-01-01T00:00:00Z\""};

    private static InputFeature input(String name, ColumnType type, boolean required) {
        return new InputFeature(name, type, required, "identity", null, null, false, null);
    }

    private static LeadRequest tree(String json) {
        try {
            return LeadRequest.from(HttpJson.parse(json.getBytes(StandardCharsets.UTF_8)), "$", INPUTS, EXTRAS);
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    @Test
    void agreesWithTheTreeOnTenThousandSeededLeads() {
        PlainLeadReader reader = new PlainLeadReader(INPUTS, EXTRAS);
        Random random = new Random(11);
        int plain = 0;
        int valid = 0;
        int scanned = 0;
        for (int n = 0; n < 10_000; n++) {
            StringBuilder json = new StringBuilder("{");
            int fields = random.nextInt(9);
            for (int f = 0; f < fields; f++) {
                // mostly the fields a lead should have, with good values; sometimes anything
                String name = f < 3 && random.nextInt(4) > 0 ? new String[] {"num", "cat", "lead_id"}[f] : FIELDS[random.nextInt(FIELDS.length)];
                String value = random.nextInt(3) > 0 ? good(name, random) : VALUES[random.nextInt(VALUES.length)];
                json.append(f == 0 ? "" : ",").append('"').append(name).append("\":").append(value);
            }
            json.append('}');
            String text = switch (random.nextInt(20)) {
                case 0 -> json.substring(0, random.nextInt(json.length())); // truncated
                case 1 -> json + " {}"; // trailing value
                case 2 -> "[" + json + "]";
                default -> json.toString();
            };
            byte[] bytes = ("  " + text + " ").getBytes(StandardCharsets.UTF_8);
            LeadRequest fast = reader.read(bytes, 2, bytes.length - 3);
            LeadRequest expected = tree(text);
            scanned += sameAsTheTree(reader.scan(bytes, 2, bytes.length - 1, true), expected, text);
            if (expected != null && !EventsRequest.isEventsRequest(HttpJson.parse(text.getBytes(StandardCharsets.UTF_8)))) {
                valid++; // a lead the tree reads as its features
            }
            if (fast != null) {
                plain++;
                assertNotNull(expected, "read a lead the tree refuses: " + text);
                assertEquals(expected.values(), fast.values(), text);
                assertEquals(expected.leadId(), fast.leadId(), text);
                JsonNode node = HttpJson.parse(text.getBytes(StandardCharsets.UTF_8));
                assertFalse(EventsRequest.isEventsRequest(node), "a request with raw data is the tree's: " + text);
                assertFalse(node.size() == 1 && node.has("lead_id"), "a lone lead id is a lookup: " + text);
            }
        }
        System.out.printf("plain reads %d of the %d leads the tree reads as features (10,000 generated), %d of them in one pass over the bytes%n",
                plain, valid, scanned);
        // the others: a trailing value, a repeated field whose earlier value was wrong, a lone lead id
        assertTrue(valid > 1_000 && plain > valid * 8 / 10, "most valid leads are read plainly: " + plain + " of " + valid);
        // the rest have an escape or a number or value the bytes' path leaves to Jackson
        assertTrue(scanned > plain / 2, "many plain leads are read in one pass over their bytes: " + scanned + " of " + plain);
    }

    @Test
    void leadsInTheOrderOfTheLastOneAgreeWithTheTreeToo() {
        // The reader matches each name against the last lead's order byte by byte: leads sent in a
        // few fixed orders (as CRMs do), runs of one order and switches between them, a field
        // dropped or added, escaped names, each compared with the tree.
        String[][] orders = {
                {"lead_id", "num", "cat", "flag", "opt_num", "job_level", "budget", "other"},
                {"cat", "num", "lead_id", "budget", "job_level"},
                {"num", "cat", "lead_id", "opt_num", "opt_num", "ts"}};
        PlainLeadReader reader = new PlainLeadReader(INPUTS, EXTRAS);
        Random random = new Random(5);
        int order = 0;
        int plain = 0;
        int scanned = 0;
        for (int n = 0; n < 5_000; n++) {
            if (random.nextInt(8) == 0) {
                order = random.nextInt(orders.length);
            }
            StringBuilder json = new StringBuilder("{");
            boolean first = true;
            for (String name : orders[order]) {
                if (random.nextInt(20) == 0) {
                    continue; // a field left out
                }
                String key = random.nextInt(50) == 0 ? name.replace("m", "\\u006d") : name; // an escaped name
                String value = random.nextInt(10) > 0 ? good(name, random) : VALUES[random.nextInt(VALUES.length)];
                json.append(first ? "" : ", ").append('"').append(key).append("\": ").append(value);
                first = false;
            }
            if (random.nextInt(20) == 0) {
                json.append(first ? "" : ", ").append("\"extra\": 1"); // a field added
            }
            String text = json.append('}').toString();
            LeadRequest fast = read(reader, text);
            LeadRequest expected = tree(text);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            scanned += sameAsTheTree(reader.scan(bytes, 0, bytes.length, true), expected, text);
            if (fast != null) {
                plain++;
                assertNotNull(expected, "read a lead the tree refuses: " + text);
                assertEquals(expected.values(), fast.values(), text);
                assertEquals(expected.leadId(), fast.leadId(), text);
            }
        }
        assertTrue(plain > 3_000, "most leads are read plainly: " + plain);
        // a third of the numbers have 16 or 17 digits, which the bytes' path leaves to Jackson
        assertTrue(scanned > 1_000, "many of them in one pass over their bytes: " + scanned);
    }

    /**
     * 1 when the bytes' path read a lead, which must then be the tree's; 0 when it left the lead to
     * Jackson's parser.
     */
    private static int sameAsTheTree(PlainLeadReader.Found scanned, LeadRequest expected, String text) {
        if (scanned == null) {
            return 0;
        }
        assertNotNull(expected, "the bytes' path read a lead the tree refuses: " + text);
        assertEquals(expected.values(), scanned.lead().values(), text);
        assertEquals(expected.leadId(), scanned.lead().leadId(), text);
        return 1;
    }

    private static String good(String name, Random random) {
        return switch (name) {
            case "num", "opt_num", "budget" -> switch (random.nextInt(3)) {
                case 0 -> Integer.toString(random.nextInt(100));
                case 1 -> String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 100); // as a CRM writes amounts
                default -> Double.toString(random.nextDouble() * 100); // 16 or 17 digits: Jackson's to read
            };
            case "flag" -> random.nextBoolean() ? "true" : "1";
            case "cat", "job_level" -> random.nextBoolean() ? "\"level-" + random.nextInt(5) + "\"" : Integer.toString(random.nextInt(5));
            case "lead_id" -> random.nextBoolean() ? "\"L-" + random.nextInt(1000) + "\"" : Integer.toString(random.nextInt(1000));
            case "ts" -> "\"2026-02-03T04:05:06Z\"";
            default -> "\"x\"";
        };
    }

    @Test
    void readsTheUsualLeadAndDeclinesTheOtherForms() {
        PlainLeadReader reader = new PlainLeadReader(INPUTS, EXTRAS);
        LeadRequest lead = read(reader, "{\"lead_id\": 42, \"num\": 3, \"cat\": 7, \"flag\": 0, \"job_level\": \"vp\", \"other\": {\"x\": [1]}}");
        assertNotNull(lead);
        assertEquals("42", lead.leadId());
        assertEquals(3.0, lead.get("num"));
        assertEquals("7", lead.get("cat"), "a whole number is a category's text");
        assertEquals(false, lead.get("flag"));
        assertEquals("vp", lead.get("job_level"));
        assertNull(lead.get("other"));
        assertEquals("0", read(reader, "{\"num\": 1, \"cat\": -0}").get("cat"), "as the tree writes -0");
        assertNull(read(reader, "{\"num\": 1, \"cat\": \"a\", \"opt_num\": 2, \"opt_num\": null}").get("opt_num"), "the last of repeated fields counts");
        assertNull(read(reader, "{\"lead_id\": \"L1\"}"), "a lone id: the online store's");
        assertNull(read(reader, "{\"lead_id\": \"L1\", \"events\": []}"), "raw data: the feature definitions'");
        assertNull(read(reader, "{\"num\": 1}"), "a required field missing: the tree names it");
        assertNull(read(reader, "{\"num\": \"1\", \"cat\": \"a\"}"), "a wrong type: the tree names it");
        assertNull(read(reader, "{\"num\": 1, \"cat\": \"a\""), "malformed: the tree says where");
        assertNull(new PlainLeadReader(List.of(input("lead_id", ColumnType.CATEGORICAL, false)), Set.of()).read("{\"lead_id\": \"x\"}".getBytes(), 0, 16),
                "a model reading the lead id itself is left to the tree");
    }

    @Test
    void aKnownLevelIsReadAsTheInternedLevel() {
        PlainLeadReader reader = new PlainLeadReader(INPUTS, EXTRAS);
        for (String level : LEVELS) {
            String escaped = level.replace("l", "\\u006c").replace("é", "\\u00e9");
            for (String sent : List.of(level, escaped)) {
                Object read = read(reader, "{\"num\": 1, \"cat\": \"" + sent + "\"}").get("cat");
                assertTrue(read == level.intern(), "the interned level for " + sent);
            }
        }
        for (String other : List.of("level-1", "level-00", "level-", "", "LEVEL-0", "ete", "level-0 ")) {
            assertEquals(other, read(reader, "{\"num\": 1, \"cat\": \"" + other + "\"}").get("cat"), "an unknown value as sent");
        }
    }

    private static LeadRequest read(PlainLeadReader reader, String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return reader.read(b, 0, b.length);
    }
}
