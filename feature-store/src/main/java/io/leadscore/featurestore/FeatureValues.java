package io.leadscore.featurestore;

import io.leadscore.features.LeadRecord;
import java.util.Collections;
import java.util.Map;

/**
 * One lead's computed features at one instant, in definition order: {@link Double} for numbers,
 * {@link Boolean}, {@link String} for categories, {@code null} when missing. A {@link LeadRecord},
 * so the model's {@link io.leadscore.features.FeatureEncoder} encodes it like any other lead.
 *
 * @param values feature name to value
 */
public record FeatureValues(Map<String, Object> values) implements LeadRecord {
    public FeatureValues {
        values = Collections.unmodifiableMap(values);
    }

    @Override
    public Object get(String field) {
        return values.get(field);
    }
}
