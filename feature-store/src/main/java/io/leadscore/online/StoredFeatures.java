package io.leadscore.online;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.featurestore.FeatureValues;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One lead's features as stored online, and their JSON form (one line of the embedded store, one
 * value in Redis): {@code {"lead_id": "...", "scored_at": "ISO-8601", "features": {name: value}}}.
 *
 * @param leadId the lead
 * @param scoredAt the instant the features were computed as of, epoch milliseconds
 * @param features the feature values (Double, Boolean, String or null)
 */
public record StoredFeatures(String leadId, long scoredAt, FeatureValues features) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** This record as one line of JSON. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("lead_id", leadId);
        o.put("scored_at", Instant.ofEpochMilli(scoredAt).toString());
        ObjectNode f = o.putObject("features");
        for (Map.Entry<String, Object> e : features.values().entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                f.putNull(e.getKey());
            } else if (v instanceof Double d) {
                f.put(e.getKey(), d);
            } else if (v instanceof Boolean b) {
                f.put(e.getKey(), b);
            } else {
                f.put(e.getKey(), v.toString());
            }
        }
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException with the reason, when the text is not a stored-features object
     */
    public static StoredFeatures fromJson(String json) {
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject() || !o.path("lead_id").isTextual() || !o.path("scored_at").isTextual() || !o.path("features").isObject()) {
            throw new IllegalArgumentException("expected {\"lead_id\": string, \"scored_at\": ISO-8601, \"features\": object}");
        }
        long scoredAt;
        try {
            scoredAt = Instant.parse(o.get("scored_at").asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("scored_at is not an ISO-8601 instant");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.get("features").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            values.put(e.getKey(), v.isNull() ? null : v.isNumber() ? (Object) v.doubleValue() : v.isBoolean() ? (Object) v.booleanValue()
                    : v.isTextual() ? v.textValue() : null);
            if (!(v.isNull() || v.isNumber() || v.isBoolean() || v.isTextual())) {
                throw new IllegalArgumentException("feature " + e.getKey() + " is not a single value");
            }
        }
        return new StoredFeatures(o.get("lead_id").asText(), scoredAt, new FeatureValues(values));
    }
}
