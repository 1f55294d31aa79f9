package io.leadscore.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.data.ColumnType;
import io.leadscore.features.FieldLayout;
import io.leadscore.features.InputFeature;
import io.leadscore.features.LeadRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lead as sent by the CRM, checked against the fields the model and the rules read. Unknown
 * extra fields are ignored; a required field that is missing, or a field of the wrong JSON type, is
 * an {@link InvalidRequestException} listing every such field by its JSON path.
 */
public final class LeadRequest implements LeadRecord {
    /** Field that identifies the lead in logs and responses (optional). */
    public static final String ID_FIELD = "lead_id";

    /** The values by name, or null when they are kept by position in {@link #row}. */
    private final Map<String, Object> values;
    private final FieldLayout layout;
    private final Object[] row;
    private final String leadId;

    private LeadRequest(Map<String, Object> values, FieldLayout layout, Object[] row, String leadId) {
        this.values = values;
        this.layout = layout;
        this.row = row;
        this.leadId = leadId;
    }

    @Override
    public Object get(String field) {
        if (values != null) {
            return values.get(field);
        }
        int p = layout.positionOf(field);
        return p < 0 ? null : row[p];
    }

    @Override
    public FieldLayout layout() {
        return layout;
    }

    @Override
    public Object at(int position) {
        return row[position];
    }

    /** The values read, by field (for tests). */
    Map<String, Object> values() {
        if (values != null) {
            return java.util.Collections.unmodifiableMap(values);
        }
        Map<String, Object> named = new HashMap<>();
        for (int p = 0; p < row.length; p++) {
            if (row[p] != null) {
                named.put(layout.names().get(p), row[p]);
            }
        }
        return java.util.Collections.unmodifiableMap(named);
    }

    /** A lead whose values were computed or looked up rather than sent (already of the right types). */
    static LeadRequest of(Map<String, Object> values, String leadId) {
        return new LeadRequest(values, null, null, leadId);
    }

    /** A lead whose values are kept by the positions of {@code layout} (null where it has none). */
    static LeadRequest of(FieldLayout layout, Object[] row, String leadId) {
        return new LeadRequest(null, layout, row, leadId);
    }

    /** The lead's id if the request carried one, else null. */
    public String leadId() {
        return leadId;
    }

    /**
     * Reads a lead from a JSON object.
     *
     * @param body the parsed request body
     * @param pathPrefix the JSON path of the lead object, {@code $} for a single lead
     * @param inputs the model's input fields
     * @param extraFields other fields to keep (e.g. read by the rule set); any JSON scalar is accepted
     */
    public static LeadRequest from(JsonNode body, String pathPrefix, List<InputFeature> inputs, Collection<String> extraFields) {
        List<FieldError> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError(pathPrefix, "expected a JSON object describing one lead")));
        }
        Map<String, Object> values = new HashMap<>();
        for (InputFeature in : inputs) {
            read(body, pathPrefix, in.name(), in.type(), in.required(), values, errors);
        }
        for (String name : extraFields) {
            JsonNode node = body.get(name);
            if (values.containsKey(name) || node == null || node.isNull()) {
                continue;
            }
            if (node.isNumber()) {
                values.put(name, node.asDouble());
            } else if (node.isBoolean()) {
                values.put(name, node.booleanValue());
            } else if (node.isTextual()) {
                values.put(name, node.textValue());
            } else {
                errors.add(new FieldError(pathPrefix + "." + name, "expected a single value, got " + kind(node)));
            }
        }
        String id = null;
        JsonNode idNode = body.get(ID_FIELD);
        if (idNode != null && !idNode.isNull()) {
            if (idNode.isTextual() || idNode.isIntegralNumber()) {
                id = idNode.asText();
            } else {
                errors.add(new FieldError(pathPrefix + "." + ID_FIELD, "expected a string or a whole number"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new LeadRequest(values, null, null, id);
    }

    private static void read(JsonNode body, String prefix, String name, ColumnType type, boolean required,
                             Map<String, Object> values, List<FieldError> errors) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError(prefix + "." + name, "required field is missing (expected " + expected(type) + ")"));
            }
            return;
        }
        switch (type) {
            case NUMERIC -> {
                if (node.isNumber() && Double.isFinite(node.asDouble())) {
                    values.put(name, node.asDouble());
                } else {
                    errors.add(new FieldError(prefix + "." + name, "expected a number, got " + kind(node)));
                }
            }
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    values.put(name, node.booleanValue());
                } else if (node.isNumber() && (node.asDouble() == 0.0 || node.asDouble() == 1.0)) {
                    values.put(name, node.asDouble() == 1.0);
                } else {
                    errors.add(new FieldError(prefix + "." + name, "expected true or false, got " + kind(node)));
                }
            }
            case CATEGORICAL -> {
                if (node.isTextual()) {
                    values.put(name, node.textValue());
                } else if (node.isIntegralNumber()) {
                    values.put(name, node.asText());
                } else {
                    errors.add(new FieldError(prefix + "." + name, "expected a string, got " + kind(node)));
                }
            }
            case TIMESTAMP -> {
                if (node.isTextual()) {
                    values.put(name, node.textValue());
                } else {
                    errors.add(new FieldError(prefix + "." + name, "expected an ISO-8601 timestamp string, got " + kind(node)));
                }
            }
        }
    }

    private static String expected(ColumnType type) {
        return switch (type) {
            case NUMERIC -> "a number";
            case BOOLEAN -> "true or false";
            case CATEGORICAL -> "a string";
            case TIMESTAMP -> "an ISO-8601 timestamp";
        };
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.getNodeType().name().toLowerCase();
    }
}
