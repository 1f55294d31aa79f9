package io.leadscore.serving.predict;

import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureValues;
import io.leadscore.featurestore.PointInTimeFeatures;
import io.leadscore.features.InputFeature;
import io.leadscore.online.OnlineStore;
import io.leadscore.online.StoredFeatures;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * Each model has its own (its feature definitions), and keeps the {@link LeadReader} of its inputs.
 */
public final class FeatureResolver {
    /** The resolved lead, where its features came from (null: the request's fields) and as of when. */
    record Resolved(LeadRequest lead, String source, String asOf, List<String> warnings) {
    }

    private final PointInTimeFeatures transform;
    private final OnlineStore store;
    /** The reader for the last inputs and rule fields asked for. */
    private volatile LeadReader reader;

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

    /** Whether a request may carry the lead's raw data (the model has feature definitions). */
    public boolean readsEvents() {
        return transform != null;
    }

    /** The online store, or null. */
    public OnlineStore store() {
        return store;
    }

    /** The reader of leads for these inputs and rule fields (kept while they are the ones asked for). */
    LeadReader reader(List<InputFeature> inputs, Collection<String> ruleFields) {
        LeadReader r = reader;
        if (r == null || !r.isFor(inputs, ruleFields)) {
            reader = r = new LeadReader(inputs, ruleFields);
        }
        return r;
    }

    /**
     * The features of a lead as read.
     *
     * @throws InvalidRequestException naming the lead's mistakes by their paths (404 for a lead id
     *     with nothing stored, 409 when the stored features do not fit the model)
     */
    Resolved resolve(LeadReader.Lead read, List<InputFeature> inputs) {
        String path = read.path();
        if (read.rawData() != null) {
            if (transform == null) {
                throw new InvalidRequestException(List.of(new FieldError(path + (read.rawData().has(EventsRequest.EVENTS) ? ".events" : ".attributes"),
                        "this model was trained without feature definitions (train --features): send the lead's features as fields")));
            }
            EventsRequest r = EventsRequest.from(read.rawData(), transform.definitions(), System.currentTimeMillis(), path);
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
        if (read.lookupId() != null && (store != null || inputs.stream().noneMatch(InputFeature::required))) {
            return lookUp(read.lookupId(), path, inputs);
        }
        if (!read.errors().isEmpty()) {
            throw new InvalidRequestException(read.errors());
        }
        return new Resolved(read.features(), null, null, read.features().conversions());
    }

    private Resolved lookUp(String id, String path, List<InputFeature> inputs) {
        StoredFeatures stored = store == null ? null : store.get(id).orElse(null);
        String idPath = path + "." + LeadReader.ID_FIELD;
        if (stored == null) {
            throw new InvalidRequestException(404, "no stored features for this lead", List.of(new FieldError(idPath,
                    store == null ? "this server has no online store (serve --online-store or --redis); send the lead's features or events"
                            : "the online store has no features for lead '" + id + "'; materialize them, or send the lead's features or events")));
        }
        List<String> absent = inputs.stream().map(InputFeature::name).filter(n -> !stored.features().values().containsKey(n)).toList();
        if (!absent.isEmpty()) {
            throw new InvalidRequestException(409, "stored features do not match this model", List.of(new FieldError(idPath,
                    "the online store has no " + String.join(", ", absent) + " for this lead; materialize it again with the model's features.yaml")));
        }
        return new Resolved(LeadRequest.of(new HashMap<>(stored.features().values()), id), "online_store",
                Instant.ofEpochMilli(stored.scoredAt()).toString(), List.of());
    }
}
