package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A batch body is split into exactly the leads Jackson's parser finds, also when a large body is
 * scanned in two halves and the guessed start of the second half lies inside a string or a nested
 * object; a malformed body is a 400 wherever it breaks.
 */
class BatchBodyTest {

    @Test
    void splitsSeededBodiesSmallAndLargeAsJacksonDoes() throws IOException {
        Random random = new Random(3);
        for (int n = 0; n < 60; n++) {
            int leads = n < 20 ? random.nextInt(40) : 200 + random.nextInt(1_500); // small bodies and ones split in halves
            String body = body(random, leads, random.nextInt(4));
            assertSplitAsJackson(body);
        }
    }

    @Test
    void aGuessInsideAStringOrANestedObjectIsNotTakenForALead() throws IOException {
        // Every lead's text carries "}, {" four times inside strings and a nested array of objects
        // and once between leads, so the guessed middle start is mostly one of the false ones; the
        // first lead's padding moves the middle over all of them. The split must stay Jackson's.
        for (int pad = 0; pad < 330; pad += 7) {
            assertSplitAsJackson(tricky(pad));
        }
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
            b.append(i == 0 ? sep : sep + "," + sep).append("{\"lead_id\":").append(sep).append("\"L").append(i).append('"');
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

    private static void assertSplitAsJackson(String body) throws IOException {
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
    }
}
