package io.leadscore.predict;

import io.leadscore.data.ColumnType;
import java.math.BigInteger;

/**
 * What each input type accepts of a lead's field values, and the words of the error messages, for
 * every reader of leads (a JSON request, a CSV or Parquet file). Values as read: a String, an
 * Integer, Long or BigInteger, a Double, a Boolean, a {@link Nested} kind, or null when absent.
 */
public final class InputValues {
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
