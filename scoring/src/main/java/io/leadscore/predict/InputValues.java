package io.leadscore.predict;

import io.leadscore.data.ColumnType;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What each input type accepts of a lead's field values, and the words of the error messages, for
 * every reader of leads (a JSON request, a CSV or Parquet file). Values as read: a String, an
 * Integer, Long or BigInteger, a Double, a Boolean, a {@link Nested} kind, or null when absent.
 * Text is read as training reads a CSV cell ({@link #fromText}): a number from a decimal numeral, a
 * boolean from true/false/yes/no/1/0 in any case.
 */
public final class InputValues {
    /**
     * The text a number input accepts, as a regular expression valid in Java and in JSON Schema
     * (ECMA-262): a decimal numeral of at most 200 digits before and after the point and a 2-digit
     * exponent, so every match is a finite double. The OpenAPI document publishes it.
     */
    public static final String NUMBER_TEXT = "^[-+]?([0-9]{1,200}(\\.[0-9]{0,200})?|\\.[0-9]{1,200})([eE][-+]?[0-9]{1,2})?$";
    /** The text a boolean input accepts (true/false/yes/no in any case, 1, 0), in the same dialect. */
    public static final String BOOLEAN_TEXT = "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo]|1|0)$";
    private static final Pattern NUMBER = Pattern.compile(NUMBER_TEXT);
    private static final Pattern BOOLEAN = Pattern.compile(BOOLEAN_TEXT);

    private InputValues() {
    }

    /** A value that is not a scalar: its kind, in error messages. */
    public enum Nested {
        ARRAY("an array"), OBJECT("an object");

        private final String kind;

        Nested(String kind) {
            this.kind = kind;
        }

        public String kind() {
            return kind;
        }
    }

    /** An input's value of its type (Double, Boolean or String), or null when the value does not fit it. */
    public static Object input(ColumnType type, Object v) {
        return switch (type) {
            case NUMERIC -> v instanceof Double d ? (Double.isFinite(d) ? d : null) // the same object: no new box per lead
                    : v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
            case BOOLEAN -> v instanceof Boolean ? v
                    : v instanceof Number n && (n.doubleValue() == 0.0 || n.doubleValue() == 1.0) ? n.doubleValue() == 1.0 : null;
            case CATEGORICAL -> v instanceof String || integral(v) ? v.toString() : null;
            case TIMESTAMP -> v instanceof String ? v : null;
        };
    }

    /**
     * A text value read as an input of a number or boolean type, as training reads the same column
     * from a CSV file ({@link #NUMBER_TEXT}, {@link #BOOLEAN_TEXT}), or null when the text is not one.
     */
    public static Object fromText(ColumnType type, String text) {
        return switch (type) {
            case NUMERIC -> NUMBER.matcher(text).matches() ? Double.parseDouble(text) : null;
            case BOOLEAN -> BOOLEAN.matcher(text).matches()
                    ? switch (text.toLowerCase(Locale.ROOT)) {
                        case "true", "yes", "1" -> Boolean.TRUE;
                        default -> Boolean.FALSE;
                    }
                    : null;
            default -> null;
        };
    }

    /** The warning of a value read by conversion, e.g. {@code demo_requested: "yes" read as true}. */
    public static String converted(String field, Object sent, Object read) {
        return field + ": " + (sent instanceof String s ? "\"" + s + "\"" : sent.toString()) + " read as " + read;
    }

    /** Whether a value is a whole number as read (not a Double). */
    public static boolean integral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
    }

    /** What a type expects, e.g. "a number". */
    public static String expected(ColumnType type) {
        return switch (type) {
            case NUMERIC -> "a number";
            case BOOLEAN -> "true or false";
            case CATEGORICAL -> "a string";
            case TIMESTAMP -> "an ISO-8601 timestamp";
        };
    }

    /** The message for a required input that is missing. */
    public static String missing(ColumnType type) {
        return "required field is missing (expected " + expected(type) + ")";
    }

    /** The message for a value its input's type does not accept, e.g. "expected a number, got a string". */
    public static String wrongType(ColumnType type, Object v) {
        String mistake = switch (type) {
            case NUMERIC -> "expected a number";
            case BOOLEAN -> "expected true or false";
            case CATEGORICAL -> "expected a string";
            case TIMESTAMP -> "expected an ISO-8601 timestamp string";
        };
        return mistake + ", got " + kind(v);
    }

    /** The message for a lead id that is neither a string nor a whole number, or null when it is fine. */
    public static String idProblem(Object id) {
        return id != null && !(id instanceof String || integral(id)) ? "expected a string or a whole number" : null;
    }

    /** A lead id as answered (its text), or null. */
    public static String id(Object id) {
        return id == null ? null : id.toString();
    }

    /** A value's kind, as error messages name it. */
    public static String kind(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return v instanceof Boolean ? "a boolean" : ((Nested) v).kind;
    }
}
