package io.leadscore.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureValues;
import io.leadscore.featurestore.PointInTimeFeatures;
import io.leadscore.features.InputFeature;
import io.leadscore.online.OnlineStore;
import io.leadscore.online.StoredFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a predict request's features come from, in one of three ways:
 * <ol>
 *   <li>the lead's raw data ({@code attributes} and/or {@code events}, optional {@code scored_at}):
 *       computed by {@link PointInTimeFeatures} from the model's own feature definitions, exactly
 *       as the offline build computed the training set;</li>
 *   <li>only a {@code lead_id}: the lead's newest features from the online store; a lead with
 *       nothing stored is a 404, never a default score;</li>
 *   <li>otherwise the features themselves, as fields of the request (the original format).</li>
 * </ol>
 */
public final class FeatureResolver {
    /** The resolved lead, and where its features came from. */
    record Resolved(LeadRequest lead, String source, String asOf, List<String> warnings) {
    }

    private final PointInTimeFeatures transform;
    private final OnlineStore store;
    /** The reader of plain leads for the last inputs and rule fields asked for. */
    private volatile PlainLeadReader plain;

    /**
     * @param definitions the model's feature definitions, or null when it was trained on ready-made columns
     * @param store the online store, or null for none
     */
    public FeatureResolver(FeatureDefinitions definitions, OnlineStore store) {
        this.transform = definitions == null ? null : new PointInTimeFeatures(definitions);
        this.store = store;
    }

    /** No feature definitions, no online store: every request carries its features. */
    public static FeatureResolver none() {
        return new FeatureResolver(null, null);
    }

    /** The online store, or null. */
    public OnlineStore store() {
        return store;
    }

    /**
     * Resolves a lead given as JSON bytes: a plain lead (a flat object of its features) is read
     * straight from the bytes; anything else is parsed by {@code tree} and resolved as a tree, named
     * by {@code path} in errors.
     */
    Resolved resolve(byte[] bytes, int offset, int length, Supplier<JsonNode> tree, Supplier<String> path, List<InputFeature> inputs,
                     Collection<String> ruleFields) {
        LeadRequest lead = plainReader(inputs, ruleFields).read(bytes, offset, length);
        return lead != null ? plain(lead) : resolve(tree.get(), path.get(), inputs, ruleFields);
    }

    /** The reader of plain leads for these inputs and rule fields (kept while they are the ones asked for). */
    PlainLeadReader plainReader(List<InputFeature> inputs, Collection<String> ruleFields) {
        PlainLeadReader reader = plain;
        if (reader == null || !reader.isFor(inputs, ruleFields)) {
            plain = reader = new PlainLeadReader(inputs, ruleFields);
        }
        return reader;
    }

    /** A lead whose features are its own fields (read by the plain reader or from the tree). */
    static Resolved plain(LeadRequest lead) {
        return new Resolved(lead, null, null, List.of());
    }

    Resolved resolve(JsonNode body, String path, List<InputFeature> inputs, Collection<String> ruleFields) {
        if (EventsRequest.isEventsRequest(body)) {
            if (transform == null) {
                throw new InvalidRequestException(List.of(new FieldError(path + (body.has("events") ? ".events" : ".attributes"),
                        "this model was trained without feature definitions (train --features): send the lead's features as fields")));
            }
            EventsRequest r = EventsRequest.from(body, transform.definitions(), System.currentTimeMillis(), path);
            FeatureValues f = transform.compute(r.attributes()::get, r.events(), r.scoredAt());
            long later = r.events().stream().filter(e -> e.ts() >= r.scoredAt()).count();
            List<String> warnings = new ArrayList<>();
            if (later > 0) {
                warnings.add(later + " event(s) at or after scored_at ignored");
            }
            Map<String, Object> values = new HashMap<>(r.attributes());
            values.putAll(f.values());
            return new Resolved(LeadRequest.of(values, r.leadId()), "events", Instant.ofEpochMilli(r.scoredAt()).toString(), warnings);
        }
        if (isLookup(body) && (store != null || inputs.stream().noneMatch(InputFeature::required))) {
            String id = body.get(LeadRequest.ID_FIELD).asText();
            StoredFeatures stored = store == null ? null : store.get(id).orElse(null);
            if (stored == null) {
                throw new InvalidRequestException(404, "no stored features for this lead", List.of(new FieldError(path + "." + LeadRequest.ID_FIELD,
                        store == null ? "this server has no online store (serve --online-store or --redis); send the lead's features or events"
                                : "the online store has no features for lead '" + id + "'; materialize them, or send the lead's features or events")));
            }
            List<String> absent = inputs.stream().map(InputFeature::name).filter(n -> !stored.features().values().containsKey(n)).toList();
            if (!absent.isEmpty()) {
                throw new InvalidRequestException(409, "stored features do not match this model", List.of(new FieldError(path + "." + LeadRequest.ID_FIELD,
                        "the online store has no " + String.join(", ", absent) + " for this lead; materialize it again with the model's features.yaml")));
            }
            return new Resolved(LeadRequest.of(new HashMap<>(stored.features().values()), id), "online_store",
                    Instant.ofEpochMilli(stored.scoredAt()).toString(), List.of());
        }
        return plain(LeadRequest.from(body, path, inputs, ruleFields));
    }

    /** A body whose only field is a usable lead id. */
    private static boolean isLookup(JsonNode body) {
        if (body == null || !body.isObject() || body.size() != 1) {
            return false;
        }
        Iterator<String> names = body.fieldNames();
        JsonNode id = body.get(LeadRequest.ID_FIELD);
        return names.next().equals(LeadRequest.ID_FIELD) && id != null && (id.isTextual() || id.isIntegralNumber());
    }
}
