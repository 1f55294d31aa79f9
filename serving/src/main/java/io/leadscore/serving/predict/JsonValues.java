package io.leadscore.serving.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.leadscore.predict.InputValues.Nested;
import java.math.BigInteger;

/**
 * The JSON values {@link LeadReader} keeps of a lead's fields — a String, an Integer, Long or
 * BigInteger, a Double, a Boolean, or a {@link Nested} kind — as tree nodes again. What the fields'
 * types make of them, and the error messages, are the scoring core's
 * {@link io.leadscore.predict.InputValues}.
 */
final class JsonValues {
    private JsonValues() {
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
