package io.leadscore.serving.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.leadscore.data.ColumnType;
import java.math.BigInteger;

/**
 * The JSON values {@link LeadReader} keeps of a lead's fields — a String, an Integer, Long or
 * BigInteger, a Double, a Boolean, or a {@link Nested} kind — and what the fields' types make of
 * them, with the words of the error messages.
 */
final class JsonValues {
    private JsonValues() {
    }

    /** A value that is not a scalar: its kind, in error messages. */
    enum Nested {
        ARRAY("an array"), OBJECT("an object");

        private final String kind;

        Nested(String kind) {
            this.kind = kind;
        }

        String kind() {
            return kind;
        }
    }

    /** An input's value of its type, or null when the JSON value does not fit it. */
    static Object input(ColumnType type, Object v) {
        return switch (type) {
            case NUMERIC -> v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
            case BOOLEAN -> v instanceof Boolean ? v
                    : v instanceof Number n && (n.doubleValue() == 0.0 || n.doubleValue() == 1.0) ? n.doubleValue() == 1.0 : null;
            case CATEGORICAL -> v instanceof String || integral(v) ? v.toString() : null;
            case TIMESTAMP -> v instanceof String ? v : null;
        };
    }

    static boolean integral(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
    }

    static String expected(ColumnType type) {
        return switch (type) {
            case NUMERIC -> "a number";
            case BOOLEAN -> "true or false";
            case CATEGORICAL -> "a string";
            case TIMESTAMP -> "an ISO-8601 timestamp";
        };
    }

    static String mistake(ColumnType type) {
        return switch (type) {
            case NUMERIC -> "expected a number";
            case BOOLEAN -> "expected true or false";
            case CATEGORICAL -> "expected a string";
            case TIMESTAMP -> "expected an ISO-8601 timestamp string";
        };
    }

    /** A JSON value's kind, as error messages name it. */
    static String kind(Object v) {
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return v instanceof Boolean ? "a boolean" : ((Nested) v).kind;
    }

    /** A kept value as a tree node again, for the raw-data form's checks (a nested value as an empty one). */
    static JsonNode node(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof String s) {
            return f.textNode(s);
        }
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof BigInteger b) {
            return f.numberNode(b);
        }
        if (v instanceof Double d) {
            return f.numberNode(d);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        return v == Nested.ARRAY ? f.arrayNode() : f.objectNode();
    }
}
