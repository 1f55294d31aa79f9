package io.leadscore.serving;

import io.leadscore.features.LevelIndex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over the bytes of a lead written the common way, for {@link PlainLeadReader}'s fast
 * path: field names and strings in printable ASCII without escapes, numbers of at most 15 digits
 * (18 for whole numbers) with an exponent within ±22, {@code true}, {@code false}
 * and {@code null}, JSON's four spaces between tokens. Such a value is read in one pass over its
 * bytes, with exactly the value Jackson's parser gives (a decimal number within those limits is
 * converted with one exact multiplication or division, so it is the correctly rounded double, as
 * Jackson's is). Anything else — an escape, a byte outside printable ASCII, a nested value, a longer
 * number, a malformed token — stops the cursor ({@link #value} gives {@link #OTHER}), and the reader
 * leaves the lead to Jackson's parser, which reads it or names the mistake.
 */
final class LeadBytes implements PlainLeadReader.Scalar {
    /** The kinds of value: a string, a whole number, another number, true, false, null; or none of these. */
    static final int STRING = 0;
    static final int WHOLE = 1;
    static final int DECIMAL = 2;
    static final int TRUE = 3;
    static final int FALSE = 4;
    static final int NULL = 5;
    static final int OTHER = 6;

    /** Exact powers of ten as doubles. */
    private static final double[] TENS = new double[23];

    static {
        TENS[0] = 1;
        for (int k = 1; k < TENS.length; k++) {
            TENS[k] = TENS[k - 1] * 10;
        }
    }

    private final byte[] bytes;
    private final int end;
    /** The index of the next byte to read. */
    private int at;
    /** The last string's bytes: {@code [textStart, textEnd)}. */
    private int textStart;
    private int textEnd;
    /** The last number. */
    private double number;
    private long whole;

    /** A cursor on {@code bytes[offset, end)}. */
    LeadBytes(byte[] bytes, int offset, int end) {
        this.bytes = bytes;
        this.at = offset;
        this.end = end;
    }

    /** The index of the next byte to read. */
    int at() {
        return at;
    }

    /** Skips spaces; true when a byte follows. */
    boolean space() {
        while (at < end) {
            if (!isSpace(bytes[at])) {
                return true;
            }
            at++;
        }
        return false;
    }

    /** Whether {@code c} is one of JSON's four spaces (space, newline, carriage return, tab). */
    static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Skips spaces, then takes {@code c} if it is next. */
    boolean take(char c) {
        if (space() && bytes[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    /**
     * Takes the field name whose quoted bytes are {@code quoted} (as {@link #quoted} makes them) and
     * the colon after it, if they are next; else takes nothing.
     */
    boolean name(byte[] quoted) {
        if (!space() || end - at < quoted.length || !Arrays.equals(bytes, at, at + quoted.length, quoted, 0, quoted.length)) {
            return false;
        }
        int was = at;
        at += quoted.length;
        if (take(':')) {
            return true;
        }
        at = was;
        return false;
    }

    /** The next field name and its colon; null (the cursor stopped) when it is not a plain one. */
    String name() {
        if (!space() || bytes[at] != '"' || !string() || !take(':')) {
            return null;
        }
        return new String(bytes, textStart, textEnd - textStart, StandardCharsets.ISO_8859_1);
    }

    /** A field name as the bytes {@link #name(byte[])} matches, or null when it is not plain. */
    static byte[] quoted(String name) {
        for (int k = 0; k < name.length(); k++) {
            if (!plain(name.charAt(k))) {
                return null;
            }
        }
        return ('"' + name + '"').getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads the next value: its kind, and for a string or number the value itself (see the accessors). */
    int value() {
        if (!space()) {
            return OTHER;
        }
        return switch (bytes[at]) {
            case '"' -> string() ? STRING : OTHER;
            case 't' -> word("true") ? TRUE : OTHER;
            case 'f' -> word("false") ? FALSE : OTHER;
            case 'n' -> word("null") ? NULL : OTHER;
            default -> numberAt();
        };
    }

    @Override
    public double number() {
        return number;
    }

    @Override
    public String integerText() {
        return Long.toString(whole);
    }

    @Override
    public String text(LevelIndex levels) {
        String level = levels == null ? null : levels.findAscii(bytes, textStart, textEnd - textStart);
        return level != null ? level : new String(bytes, textStart, textEnd - textStart, StandardCharsets.ISO_8859_1);
    }

    private static boolean plain(int c) {
        return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
    }

    /** A quoted string of plain characters at the cursor. */
    private boolean string() {
        int i = at + 1;
        while (i < end && plain(bytes[i])) {
            i++;
        }
        if (i >= end || bytes[i] != '"') {
            return false;
        }
        textStart = at + 1;
        textEnd = i;
        at = i + 1;
        return true;
    }

    /** A literal that a delimiter follows. */
    private boolean word(String w) {
        int n = w.length();
        if (end - at < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (bytes[at + k] != w.charAt(k)) {
                return false;
            }
        }
        if (!delimited(at + n)) {
            return false;
        }
        at += n;
        return true;
    }

    /** Whether a value ending at {@code i} is followed by a space, a comma or a closing bracket (or nothing). */
    private boolean delimited(int i) {
        if (i >= end) {
            return true;
        }
        byte c = bytes[i];
        return c == ',' || c == '}' || c == ']' || isSpace(c);
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** A number in JSON's grammar within the fast limits: WHOLE or DECIMAL, else OTHER. */
    private int numberAt() {
        int i = at;
        boolean negative = bytes[i] == '-';
        if (negative) {
            i++;
        }
        if (i >= end || !digit(bytes[i]) || bytes[i] == '0' && i + 1 < end && digit(bytes[i + 1])) {
            return OTHER; // no digit, or a leading zero
        }
        long m = 0; // the digits, before and after the point (wrong past 18 of them, which are refused)
        int first = i;
        for (; i < end && digit(bytes[i]); i++) {
            m = m * 10 + (bytes[i] - '0');
        }
        int scale = 0; // digits after the point
        boolean decimal = false;
        if (i < end && bytes[i] == '.') {
            decimal = true;
            int point = ++i;
            for (; i < end && digit(bytes[i]); i++) {
                m = m * 10 + (bytes[i] - '0');
            }
            scale = i - point;
            if (scale == 0) {
                return OTHER;
            }
        }
        int digits = i - first - (decimal ? 1 : 0);
        if (digits > 18) {
            return OTHER;
        }
        int exponent = 0;
        if (i < end && (bytes[i] == 'e' || bytes[i] == 'E')) {
            decimal = true;
            boolean down = ++i < end && bytes[i] == '-';
            if (i < end && (bytes[i] == '-' || bytes[i] == '+')) {
                i++;
            }
            if (i >= end || !digit(bytes[i])) {
                return OTHER;
            }
            for (; i < end && digit(bytes[i]); i++) {
                if (exponent > 1000) {
                    return OTHER;
                }
                exponent = exponent * 10 + (bytes[i] - '0');
            }
            if (down) {
                exponent = -exponent;
            }
        }
        if (!delimited(i)) {
            return OTHER;
        }
        if (!decimal) {
            whole = negative ? -m : m; // -0 is 0, as Jackson reads a whole number
            number = whole;
        } else {
            int e = exponent - scale;
            if (digits > 15 || e < -22 || e > 22) {
                return OTHER;
            }
            double d = e >= 0 ? m * TENS[e] : m / TENS[-e]; // m < 10^15 and 10^|e| are exact: one rounding
            number = negative ? -d : d;
        }
        at = i;
        return decimal ? DECIMAL : WHOLE;
    }
}
