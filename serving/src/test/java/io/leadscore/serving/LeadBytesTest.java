package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.leadscore.features.LevelIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bytes' path reads a value exactly as Jackson's parser does, or leaves it to the parser. */
class LeadBytesTest {
    /** A value read by the cursor: its kind, number, texts and where the cursor stopped. */
    private record Read(int kind, double number, String integerText, String text, int stop) {
    }

    private static Read read(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        LeadBytes in = new LeadBytes(bytes, 0, bytes.length);
        int kind = in.value();
        return new Read(kind, in.number(), kind == LeadBytes.WHOLE ? in.integerText() : null,
                kind == LeadBytes.STRING ? in.text(null) : null, in.at());
    }

    /** What Jackson's parser reads as the first element of {@code [json]}, as the kinds and values the cursor gives; null when it refuses it. */
    private static Read jackson(String json) {
        try (JsonParser p = HttpJson.JSON.getFactory().createParser("[" + json + "]")) {
            p.nextToken();
            JsonToken t = p.nextToken();
            Read r = switch (t) {
                case VALUE_NUMBER_INT -> new Read(LeadBytes.WHOLE, p.getDoubleValue(), p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue().toString() : Long.toString(p.getLongValue()), null, 0);
                case VALUE_NUMBER_FLOAT -> new Read(LeadBytes.DECIMAL, p.getDoubleValue(), null, null, 0);
                case VALUE_STRING -> new Read(LeadBytes.STRING, 0, null, p.getText(), 0);
                case VALUE_TRUE -> new Read(LeadBytes.TRUE, 0, null, null, 0);
                case VALUE_FALSE -> new Read(LeadBytes.FALSE, 0, null, null, 0);
                case VALUE_NULL -> new Read(LeadBytes.NULL, 0, null, null, 0);
                default -> new Read(LeadBytes.OTHER, 0, null, null, 0);
            };
            p.skipChildren();
            return p.nextToken() == JsonToken.END_ARRAY ? r : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A number in JSON's grammar, or one a little off it (a leading zero or plus, a bare point, a dangling exponent). */
    private static String number(Random random) {
        StringBuilder s = new StringBuilder();
        if (random.nextInt(3) == 0) {
            s.append('-');
        }
        if (random.nextInt(40) == 0) {
            s.append(random.nextBoolean() ? "+" : "0"); // not JSON
        }
        int whole = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(random.nextInt(4) == 0 ? 22 : 8);
        if (whole == 0 || random.nextInt(6) == 0) {
            s.append('0');
        } else {
            s.append((char) ('1' + random.nextInt(9)));
            for (int k = 1; k < whole; k++) {
                s.append(random.nextInt(4) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextBoolean()) {
            s.append('.');
            int fraction = random.nextInt(40) == 0 ? 0 : 1 + random.nextInt(random.nextInt(4) == 0 ? 20 : 6);
            for (int k = 0; k < fraction; k++) {
                s.append(random.nextInt(4) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
            }
        }
        if (random.nextInt(4) == 0) {
            s.append(random.nextBoolean() ? 'e' : 'E');
            int sign = random.nextInt(3);
            s.append(sign == 0 ? "" : sign == 1 ? "+" : "-");
            int digits = random.nextInt(40) == 0 ? 0 : 1 + random.nextInt(random.nextInt(8) == 0 ? 4 : 2);
            for (int k = 0; k < digits; k++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
        }
        return s.toString();
    }

    @Test
    void aNumberIsJacksonsNumberToTheBitOrLeftToIt() {
        Random random = new Random(17);
        int fast = 0;
        int decimals = 0;
        for (int n = 0; n < 200_000; n++) {
            String text = n % 50 == 0 ? "" + (1L << 53) + random.nextInt(10) : number(random);
            String follow = new String[] {",", "}", "]", " ", "\n", ""}[random.nextInt(6)];
            Read ours = read(text + follow);
            Read theirs = jackson(text);
            if (ours.kind() == LeadBytes.OTHER) {
                continue; // Jackson's to read or refuse
            }
            fast++;
            decimals += ours.kind() == LeadBytes.DECIMAL ? 1 : 0;
            String what = "'" + text + "'";
            assertTrue(theirs != null, "read a number Jackson refuses: " + what);
            assertEquals(theirs.kind(), ours.kind(), what);
            assertEquals(Double.doubleToRawLongBits(theirs.number()), Double.doubleToRawLongBits(ours.number()),
                    what + ": " + theirs.number() + " vs " + ours.number());
            assertEquals(theirs.integerText(), ours.integerText(), what);
            assertEquals(text.length(), ours.stop(), what);
        }
        System.out.printf("numbers read from the bytes: %d of 200,000 (%d decimals)%n", fast, decimals);
        assertTrue(fast > 100_000 && decimals > 30_000, "most numbers take the bytes' path: " + fast + ", decimals " + decimals);
    }

    @Test
    void whatIsNotPlainJsonIsLeftToJackson() {
        for (String text : List.of("01", "-01", "1.", ".5", "+1", "1e", "1e+", "--1", "1.5.2", "1x", "-", "0x10", "NaN", "Infinity",
                "tru", "truex", "nulls", "False", "\"open", "\"tab\there\"", "\"esc\\\"aped\"", "\"caf\u00e9\"", "\"del\u007f\"",
                "[1]", "{\"a\": 1}", "1e400", "123456789012345678901", "1.0000000000000001", "4e-23", "", "   ")) {
            assertEquals(LeadBytes.OTHER, read(text).kind(), "'" + text + "'");
        }
        assertEquals(LeadBytes.WHOLE, read("1,5x").kind(), "a number ends at the comma");
    }

    @Test
    void plainStringsAndLiteralsAreRead() {
        assertEquals(new Read(LeadBytes.STRING, 0, null, "L-42 ok", 9), read("\"L-42 ok\", 1"));
        assertEquals(new Read(LeadBytes.STRING, 0, null, "", 2), read("\"\"}"));
        assertEquals(LeadBytes.TRUE, read("  true}").kind());
        assertEquals(LeadBytes.FALSE, read("false ").kind());
        assertEquals(LeadBytes.NULL, read("null,").kind());
        assertEquals("0", read("-0,").integerText(), "-0 is 0, as Jackson reads a whole number");
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(read("-0.0,").number()), "-0.0 stays negative");

        byte[] bytes = "{\"cat\": \"level-2\"}".getBytes(StandardCharsets.UTF_8);
        LeadBytes in = new LeadBytes(bytes, 0, bytes.length);
        LevelIndex levels = new LevelIndex(List.of("level-1", "level-2"));
        assertTrue(in.take('{') && in.name(LeadBytes.quoted("cat")) && in.value() == LeadBytes.STRING);
        assertTrue(in.text(levels) == "level-2".intern(), "a known level is its interned String");
        assertTrue(in.take('}') && !in.space());
    }
}
