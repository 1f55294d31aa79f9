package io.leadscore.serving.predict;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.data.ColumnType;
import io.leadscore.data.ValueParser;
import io.leadscore.events.Event;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A predict request that carries a lead's raw data instead of its features:
 * <pre>{@code
 * {"lead_id": "L1", "scored_at": "2025-06-01T12:00:00Z",
 *  "attributes": {"job_level": "vp", "created_at": "2025-05-20T09:00:00Z", ...},
 *  "events": [{"ts": "2025-05-30T10:00:00Z", "type": "page_view", "page": "pricing", "value": 42}, ...]}
 * }</pre>
 * {@code scored_at} defaults to now; timestamps are ISO-8601 text or epoch milliseconds. Attributes
 * the definitions read are type-checked; others are ignored. Every problem is reported by its JSON
 * path (e.g. {@code $.events[3].ts}). {@link LeadReader} finds this form and keeps its fields as a
 * tree for these checks.
 *
 * @param leadId the lead id, or null
 * @param scoredAt the scoring instant, epoch milliseconds
 * @param attributes attribute values as the offline build reads them (String, Double, Boolean, Instant)
 * @param events the lead's events
 */
public record EventsRequest(String leadId, long scoredAt, Map<String, Object> attributes, List<Event> events) {
    /** Most events one request may carry. */
    public static final int MAX_EVENTS = 100_000;
    /** The field holding the lead's events. */
    static final String EVENTS = "events";
    /** The field holding the lead's attributes. */
    static final String ATTRIBUTES = "attributes";

    /** Reads a request of this form at JSON path {@code $}. */
    public static EventsRequest from(JsonNode body, FeatureDefinitions definitions, long now) {
        return from(body, definitions, now, "$");
    }

    /** Reads a request whose lead object is at JSON path {@code prefix} (e.g. {@code $.leads[2]} in a batch). */
    public static EventsRequest from(JsonNode body, FeatureDefinitions definitions, long now, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        String leadId = null;
        JsonNode idNode = body.get(LeadReader.ID_FIELD);
        if (idNode != null && !idNode.isNull()) {
            if (idNode.isTextual() || idNode.isIntegralNumber()) {
                leadId = idNode.asText();
            } else {
                errors.add(new FieldError(prefix + "." + LeadReader.ID_FIELD, "expected a string or a whole number"));
            }
        }
        long scoredAt = now;
        JsonNode at = body.get("scored_at");
        if (at != null && !at.isNull()) {
            Long t = instant(at);
            if (t == null) {
                errors.add(new FieldError(prefix + ".scored_at", "expected an ISO-8601 timestamp or epoch milliseconds"));
            } else {
                scoredAt = t;
            }
        }
        Map<String, Object> attributes = new HashMap<>();
        JsonNode attrs = body.get(ATTRIBUTES);
        if (attrs != null && !attrs.isNull() && !attrs.isObject()) {
            errors.add(new FieldError(prefix + ".attributes", "expected an object of lead attributes"));
        } else if (attrs != null && attrs.isObject()) {
            for (Map.Entry<String, ColumnType> a : definitions.attributeColumns().entrySet()) {
                attribute(attrs.get(a.getKey()), prefix + ".attributes." + a.getKey(), a.getKey(), a.getValue(), attributes, errors);
            }
        }
        List<Event> events = new ArrayList<>();
        JsonNode list = body.get(EVENTS);
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                errors.add(new FieldError(prefix + ".events", "expected an array of events"));
            } else if (list.size() > MAX_EVENTS) {
                errors.add(new FieldError(prefix + ".events", "at most " + MAX_EVENTS + " events per request, got " + list.size()));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    Event e = event(list.get(i), prefix + ".events[" + i + "]", leadId, errors);
                    if (e != null) {
                        events.add(e);
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new EventsRequest(leadId, scoredAt, attributes, events);
    }

    private static void attribute(JsonNode node, String path, String name, ColumnType type, Map<String, Object> out, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return;
        }
        switch (type) {
            case CATEGORICAL -> {
                if (node.isTextual() || node.isIntegralNumber()) {
                    out.put(name, node.asText());
                } else {
                    errors.add(new FieldError(path, "expected a string"));
                }
            }
            case NUMERIC -> {
                if (node.isNumber() && Double.isFinite(node.asDouble())) {
                    out.put(name, node.asDouble());
                } else {
                    errors.add(new FieldError(path, "expected a number"));
                }
            }
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    out.put(name, node.booleanValue());
                } else {
                    errors.add(new FieldError(path, "expected true or false"));
                }
            }
            case TIMESTAMP -> {
                Long t = instant(node);
                if (t == null) {
                    errors.add(new FieldError(path, "expected an ISO-8601 timestamp or epoch milliseconds"));
                } else {
                    out.put(name, Instant.ofEpochMilli(t));
                }
            }
        }
    }

    private static Event event(JsonNode node, String path, String leadId, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(path, "expected an event object {ts, type[, page, channel, campaign, value]}"));
            return null;
        }
        int before = errors.size();
        Long ts = null;
        JsonNode t = node.get(Event.TS);
        if (t == null || t.isNull()) {
            errors.add(new FieldError(path + ".ts", "required field is missing (expected an ISO-8601 timestamp or epoch milliseconds)"));
        } else if ((ts = instant(t)) == null) {
            errors.add(new FieldError(path + ".ts", "expected an ISO-8601 timestamp or epoch milliseconds"));
        }
        String type = text(node, Event.TYPE, path, true, errors);
        String page = text(node, Event.PAGE, path, false, errors);
        String channel = text(node, Event.CHANNEL, path, false, errors);
        String campaign = text(node, Event.CAMPAIGN, path, false, errors);
        double value = Double.NaN;
        JsonNode v = node.get(Event.VALUE);
        if (v != null && !v.isNull()) {
            if (v.isNumber() && Double.isFinite(v.asDouble())) {
                value = v.asDouble();
            } else {
                errors.add(new FieldError(path + ".value", "expected a number"));
            }
        }
        return errors.size() > before ? null : new Event(leadId, ts, type, page, channel, campaign, value);
    }

    private static String text(JsonNode node, String field, String path, boolean required, List<FieldError> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(path + "." + field, "required field is missing (expected a string)"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(path + "." + field, "expected a string"));
            return null;
        }
        return v.textValue();
    }

    private static Long instant(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            Instant i = ValueParser.parseTimestamp(node.textValue());
            return i == null ? null : i.toEpochMilli();
        }
        return null;
    }
}
