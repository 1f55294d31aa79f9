package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.leadscore.data.ColumnType;
import io.leadscore.features.InputFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A batch body is read as exactly the leads Jackson's parser finds: split lead by lead, and read in
 * parallel pieces whose guessed starts may lie inside a string or a nested object; a malformed body
 * is a 400 wherever it breaks.
 */
class BatchBodyTest {
    /** Reads the lead id and {@code num} (unknown fields, nested or not, are skipped). */
    private static final PlainLeadReader READER = new PlainLeadReader(
            List.of(new InputFeature("num", ColumnType.NUMERIC, false, "identity", null, null, false, null)), Set.of());

    @Test
    void readsSeededBodiesSmallAndLargeAsJacksonDoes() throws IOException {
        Random random = new Random(3);
        for (int n = 0; n < 60; n++) {
            int leads = n < 20 ? random.nextInt(40) : 200 + random.nextInt(1_500); // small bodies and ones read in pieces
            String body = body(random, leads, random.nextInt(4));
            assertReadAsJackson(body);
        }
    }

    @Test
    void aGuessInsideAStringOrANestedObjectIsNotTakenForALead() throws IOException {
        // Every lead's text carries "}, {" four times inside strings and a nested array of objects
        // and once between leads, so most guessed piece starts are false ones; the first lead's
        // padding moves the guesses over all of them. The leads read must stay Jackson's.
        for (int pad = 0; pad < 330; pad += 7) {
            assertReadAsJackson(tricky(pad));
        }
    }

    @Test
    void aBodyThePlainReaderCannotReadWhollyIsLeftToTheLeadByLeadPath() throws IOException {
        Random random = new Random(5);
        String good = body(random, 1_200, 1);
        for (double at : new double[] {0.0, 0.3, 0.77, 0.99}) {
            int cut = good.indexOf("{\"lead_id\"", (int) (good.length() * at));
            String[] breaks = {"{\"num\": \"text\"}, ", "{\"num\": 1, \"events\": []}, ", "[1], ", "7, "};
            for (String b : breaks) {
                byte[] bytes = (good.substring(0, cut) + b + good.substring(cut)).getBytes(StandardCharsets.UTF_8);
                assertNull(BatchBody.readPlain(bytes, READER, true, 10_000, BatchBodyTest::describe), b + " at " + at);
                assertEquals(1_201, BatchBody.split(bytes).size());
            }
        }
        byte[] bytes = good.getBytes(StandardCharsets.UTF_8);
        assertEquals(1_200, BatchBody.readPlain(bytes, READER, true, 1_200, BatchBodyTest::describe).size());
        assertNull(BatchBody.readPlain(bytes, READER, true, 1_199, BatchBodyTest::describe), "more leads than allowed");
        assertNull(BatchBody.readPlain("{\"leads\": [], \"more\": 1}".getBytes(StandardCharsets.UTF_8), READER, true, 10, BatchBodyTest::describe));
        assertEquals(List.of(), BatchBody.readPlain("{ \"leads\" : [ ] }".getBytes(StandardCharsets.UTF_8), READER, true, 10, BatchBodyTest::describe));
    }

    private static String tricky(int pad) {
        StringBuilder b = new StringBuilder("{\"leads\": [{\"pad\": \"").append("x".repeat(pad)).append("\"}");
        for (int i = 0; i < 2_000; i++) {
            b.append(", ").append("{\"lead_id\": \"L").append(i).append("\", \"note\": \"a}, {\\\"b\\\": 1}, {c\", ")
                    .append("\"nested\": [{\"x\": 1}, {\"y\": [2, {\"z\": \"}, {\"}]}], \"num\": ").append(i).append('}');
        }
        String body = b.append("]}").toString();
        assertTrue(body.length() > 200_000);
        return body;
    }

    @Test
    void aMalformedLargeBodyIsA400WhereverItBreaks() {
        Random random = new Random(4);
        String good = body(random, 1_500, 1);
        for (double at : new double[] {0.1, 0.5, 0.52, 0.9, 0.999}) {
            int cut = good.indexOf("{\"lead_id\"", (int) (good.length() * at));
            String broken = good.substring(0, cut) + "]" + good.substring(cut); // a stray bracket before a lead
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> BatchBody.split(broken.getBytes(StandardCharsets.UTF_8)),
                    "a stray ] at " + at);
            assertEquals(400, e.status());
        }
        String unclosed = good.substring(0, good.length() - 2);
        assertEquals(400, assertThrows(InvalidRequestException.class, () -> BatchBody.split(unclosed.getBytes(StandardCharsets.UTF_8))).status());
    }

    /** A body of {@code leads} leads with {@code space} kinds of spacing between the tokens. */
    private static String body(Random random, int leads, int space) {
        String sep = switch (space) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> "\n  ";
            default -> "\t\r\n";
        };
        StringBuilder b = new StringBuilder("{").append(sep).append("\"leads\"").append(sep).append(':').append(sep).append('[');
        for (int i = 0; i < leads; i++) {
            b.append(i == 0 ? sep : sep + "," + sep).append("{\"lead_id\":").append(sep).append("\"L").append(i).append('"')
                    .append(',').append(sep).append("\"num\":").append(sep).append(i);
            int fields = random.nextInt(25);
            for (int f = 0; f < fields; f++) {
                b.append(',').append(sep).append("\"f").append(f).append("\":").append(sep).append(switch (random.nextInt(6)) {
                    case 0 -> Double.toString(random.nextDouble() * 100);
                    case 1 -> "\"text with \\\"quotes\\\", commas, } and {\"";
                    case 2 -> "[1, {\"a\": [2, 3]}, \"]\"]";
                    case 3 -> random.nextBoolean() ? "true" : "null";
                    case 4 -> "{\"inner\": {\"deeper\": \"}, {\"}}";
                    default -> "\"é \\u00e9\"";
                });
            }
            b.append('}');
        }
        return b.append(sep).append(']').append(sep).append('}').toString();
    }

    /** What the tests compare of a lead read. */
    private static String describe(LeadRequest lead) {
        return lead.leadId() + "|" + lead.get("num");
    }

    /** Split by {@link BatchBody#split} and read in pieces by {@link BatchBody#readPlain}, the body gives Jackson's leads. */
    private static void assertReadAsJackson(String body) throws IOException {
        List<long[]> expected = assertSplitAsJackson(body);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> leads = new ArrayList<>();
        for (long[] range : expected) {
            LeadRequest lead = READER.read(bytes, (int) range[0], (int) (range[1] - range[0]));
            assertNotNull(lead, "every lead of these bodies is plain");
            leads.add(describe(lead));
        }
        assertEquals(leads, BatchBody.readPlain(bytes, READER, true, 10_000, BatchBodyTest::describe), "in pieces, " + bytes.length + " bytes");
        assertEquals(leads, BatchBody.readPlain(bytes, READER, false, 10_000, BatchBodyTest::describe), "in one piece");
    }

    private static List<long[]> assertSplitAsJackson(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<long[]> expected = new ArrayList<>();
        try (JsonParser p = HttpJson.JSON.createParser(bytes)) {
            p.nextToken();
            p.nextToken();
            assertEquals(JsonToken.START_ARRAY, p.nextToken());
            while (p.nextToken() != JsonToken.END_ARRAY) {
                long start = p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                expected.add(new long[] {start, p.currentLocation().getByteOffset()});
            }
        }
        BatchBody split = BatchBody.split(bytes);
        assertEquals(expected.size(), split.size(), "leads in a body of " + bytes.length + " bytes");
        for (int i = 0; i < split.size(); i++) {
            assertEquals(expected.get(i)[0], split.start(i), "start of lead " + i);
            assertEquals(expected.get(i)[1] - expected.get(i)[0], split.length(i), "length of lead " + i);
        }
        return expected;
    }
}
