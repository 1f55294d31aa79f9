package io.leadscore.serving.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.features.InputFeature;
import io.leadscore.model.ModelCard;
import io.leadscore.predict.InputValues;
import io.leadscore.serving.http.HttpJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI document the server serves at {@code /openapi.json}: the static base (the resource
 * {@code openapi.json}: routes, answers, shapes) with the served model's lead written in — each input
 * field with its type, the text forms it accepts, its known categories and whether it is required,
 * the fields the rules read, the other request forms the model takes (raw {@code attributes} and
 * {@code events}, a lone {@code lead_id}), the reasons' features and the tiers' cut-offs — and the
 * answers every route can give added to each operation (401 on secured ones, 405, and 400, 413 and
 * 415 where a body is read). A route is documented by adding it to the base.
 */
public final class OpenApiSpec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String RESPONSES = "#/components/responses/";

    /** What the document describes of the served model: its card (null in a cold start), the inputs of its models, the other fields read. */
    public record Model(ModelCard card, List<InputFeature> inputs, Collection<String> ruleFields, boolean readsEvents, boolean onlineStore) {
    }

    private OpenApiSpec() {
    }

    /** The document for this model, as JSON bytes. */
    public static byte[] bytes(Model m) {
        try {
            return HttpJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(of(m));
        } catch (IOException e) {
            throw new IllegalStateException("the OpenAPI document could not be written", e);
        }
    }

    /** The document for this model. */
    public static ObjectNode of(Model m) {
        ObjectNode spec = base();
        ModelCard card = m.card();
        ObjectNode info = (ObjectNode) spec.get("info");
        info.put("x-model-name", card == null ? null : card.modelName()).put("x-model-version", card == null ? null : card.modelVersion());
        ObjectNode schemas = (ObjectNode) spec.at("/components/schemas");
        schemas.set("LeadFields", leadFields(m));
        ArrayNode forms = F.arrayNode().add(ref(SCHEMAS + "LeadFields"));
        if (m.readsEvents()) {
            schemas.set("LeadEvents", leadEvents());
            forms.add(ref(SCHEMAS + "LeadEvents"));
        }
        if (m.onlineStore()) {
            ObjectNode lookup = object("Only the lead's id: its newest features from the online store (404 when none are stored).");
            lookup.put("additionalProperties", false).putObject("properties").set("lead_id", id(false));
            lookup.putArray("required").add("lead_id");
            schemas.set("LeadLookup", lookup);
            forms.add(ref(SCHEMAS + "LeadLookup"));
        }
        schemas.set("Lead", forms.size() == 1 ? ref(SCHEMAS + "LeadFields")
                : F.objectNode().put("description", "One lead, in one of the forms this model takes").set("anyOf", forms));
        // the inputs as known values, not an enum: a client generated today must still read the reasons of the next champion
        ObjectNode reason = (ObjectNode) schemas.at("/Reason/properties/feature");
        ArrayNode names = reason.putArray("x-known-values");
        m.inputs().stream().map(InputFeature::name).distinct().forEach(names::add);
        reason.put("description", "The input field (this model's: " + String.join(", ", m.inputs().stream().map(InputFeature::name).distinct().toList())
                + ")");
        ModelCard.TierCutoffs tiers = card == null ? null : card.tiers();
        if (tiers != null) {
            ((ObjectNode) schemas.at("/Prediction/properties/tier")).put("description",
                    "hot from a probability of " + tiers.hotFrom() + ", warm from " + tiers.warmFrom() + ", else cold");
        }
        addCommonAnswers((ObjectNode) spec.get("paths"));
        return spec;
    }

    /** The static base (routes, answers, shapes), a fresh copy. */
    public static ObjectNode base() {
        try (InputStream in = OpenApiSpec.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return (ObjectNode) HttpJson.JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("openapi.json is unreadable", e);
        }
    }

    /** The lead as the model's fields: one property per input (then per rule field), the required ones listed. */
    private static ObjectNode leadFields(Model m) {
        ObjectNode lead = object("One lead as its fields, as in the training data. Unknown fields are ignored. A number may also be sent"
                + " as a decimal string and a boolean as true/false/yes/no/1/0 in any case (read as training reads a CSV cell, with a"
                + " warning); a category the model does not know is scored as unknown, with a warning.");
        lead.put("additionalProperties", true);
        ObjectNode props = lead.putObject("properties");
        props.set("lead_id", id(true));
        ArrayNode required = F.arrayNode();
        Map<String, String> descriptions = m.card() == null || m.card().descriptions() == null ? Map.of() : m.card().descriptions();
        for (InputFeature in : m.inputs()) {
            if (props.has(in.name())) {
                continue;
            }
            ObjectNode field = field(in);
            String d = descriptions.get(in.name());
            field.put("description", (d == null ? in.name() : d) + (in.required() ? "" : " (optional: missing values are imputed, with a warning)"));
            props.set(in.name(), field);
            if (in.required()) {
                required.add(in.name());
            }
        }
        for (String rule : m.ruleFields()) {
            if (!props.has(rule)) {
                props.set(rule, scalar("Read by the point table (any single value)"));
            }
        }
        if (!required.isEmpty()) {
            lead.set("required", required);
        }
        return lead;
    }

    /** The schema of one input's value: what {@link InputValues} accepts for its type. */
    private static ObjectNode field(InputFeature in) {
        boolean nullable = !in.required();
        ArrayNode any = F.arrayNode();
        switch (in.type()) {
            case NUMERIC -> {
                any.add(type("number", nullable));
                any.add(type("string", nullable).put("pattern", InputValues.NUMBER_TEXT));
            }
            case BOOLEAN -> {
                any.add(type("boolean", nullable));
                any.add(type("string", nullable).put("pattern", InputValues.BOOLEAN_TEXT));
                ObjectNode oneZero = type("number", nullable);
                oneZero.putArray("enum").add(0).add(1);
                any.add(oneZero);
            }
            case CATEGORICAL -> {
                ObjectNode text = type("string", nullable);
                List<String> levels = in.knownLevels();
                if (!levels.isEmpty()) {
                    ArrayNode known = text.putArray("x-known-values");
                    levels.forEach(known::add);
                    text.put("example", levels.get(0));
                    text.put("description", in.targetEncoding() == null
                            ? "known: " + String.join(", ", levels) + "; any other value is scored as unknown, with a warning"
                            : levels.size() + " known values (x-known-values, most frequent first), each scored by its conversion rate in"
                                    + " training; any other value is scored at the average rate (as unknown), with a warning");
                }
                any.add(text);
                any.add(type("integer", nullable));
            }
            case TIMESTAMP -> any.add(type("string", nullable));
        }
        return any.size() == 1 ? (ObjectNode) any.get(0) : F.objectNode().set("anyOf", any);
    }

    /** The raw-data form: the lead's attributes and events, computed into features as the offline build does. */
    private static ObjectNode leadEvents() {
        ObjectNode form = object("The lead's raw data, for a model trained with feature definitions: its features are computed from"
                + " the attributes and the events strictly before scored_at (default now), exactly as the offline build computed them.");
        ObjectNode props = form.putObject("properties");
        props.set("lead_id", id(true));
        props.set("scored_at", F.objectNode().put("description", "ISO-8601 timestamp or epoch milliseconds; default now"));
        props.set("attributes", F.objectNode().put("type", "object").put("additionalProperties", true));
        ObjectNode event = F.objectNode().put("type", "object").put("additionalProperties", true);
        event.putArray("required").add("ts").add("type");
        props.set("events", F.objectNode().put("type", "array").set("items", event));
        ArrayNode either = form.putArray("anyOf");
        either.addObject().putArray("required").add("attributes");
        either.addObject().putArray("required").add("events");
        return form;
    }

    /**
     * Adds to every operation the answers every route may give that it does not list: 401 (when it
     * needs a key), 405 and, where it reads a body, 400, 413 and 415.
     */
    private static void addCommonAnswers(ObjectNode paths) {
        for (Iterator<JsonNode> p = paths.elements(); p.hasNext(); ) {
            for (Iterator<JsonNode> o = p.next().elements(); o.hasNext(); ) {
                ObjectNode op = (ObjectNode) o.next();
                ObjectNode answers = (ObjectNode) op.get("responses");
                JsonNode security = op.get("security");
                if (security == null || !security.isEmpty()) {
                    answer(answers, "401", "Unauthorized");
                }
                answer(answers, "405", "MethodNotAllowed");
                if (op.has("requestBody")) {
                    answer(answers, "400", "BadRequest");
                    answer(answers, "413", "PayloadTooLarge");
                    answer(answers, "415", "UnsupportedMediaType");
                }
            }
        }
    }

    private static void answer(ObjectNode answers, String status, String response) {
        if (!answers.has(status)) {
            answers.set(status, ref(RESPONSES + response));
        }
    }

    private static ObjectNode id(boolean nullable) {
        ObjectNode id = F.objectNode().put("description", "The lead's id, echoed back (a string or a whole number)");
        id.putArray("anyOf").add(type("string", nullable)).add(type("integer", nullable));
        return id;
    }

    private static ObjectNode scalar(String description) {
        ObjectNode s = F.objectNode().put("description", description);
        s.putArray("anyOf").add(type("string", true)).add(type("number", true)).add(type("boolean", true));
        return s;
    }

    private static ObjectNode object(String description) {
        return F.objectNode().put("type", "object").put("description", description);
    }

    private static ObjectNode type(String type, boolean nullable) {
        ObjectNode t = F.objectNode().put("type", type);
        return nullable ? t.put("nullable", true) : t;
    }

    private static ObjectNode ref(String to) {
        return F.objectNode().put("$ref", to);
    }
}
