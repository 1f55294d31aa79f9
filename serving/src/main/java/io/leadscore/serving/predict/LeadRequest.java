package io.leadscore.serving.predict;

import io.leadscore.features.FieldLayout;
import io.leadscore.features.LeadRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A lead's values as the model and the rules read them: read from a request by {@link LeadReader}
 * (kept by position), or computed from raw data or looked up in the online store (kept by name).
 */
public final class LeadRequest implements LeadRecord {
    /** The values by name, or null when they are kept by position in {@link #row}. */
    private final Map<String, Object> values;
    private final FieldLayout layout;
    private final Object[] row;
    private final String leadId;
    /** The warnings of values read by conversion (text as a number or boolean). */
    private final List<String> conversions;

    private LeadRequest(Map<String, Object> values, FieldLayout layout, Object[] row, String leadId, List<String> conversions) {
        this.values = values;
        this.layout = layout;
        this.row = row;
        this.leadId = leadId;
        this.conversions = conversions;
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
    public Map<String, Object> values() {
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
        return new LeadRequest(values, null, null, leadId, List.of());
    }

    /**
     * A lead whose values are kept by the positions of {@code layout} (null where it has none).
     *
     * @param conversions a warning per value read by conversion
     */
    static LeadRequest of(FieldLayout layout, Object[] row, String leadId, List<String> conversions) {
        return new LeadRequest(null, layout, row, leadId, conversions);
    }

    /** A warning per value read by conversion (e.g. {@code demo_requested: "yes" read as true}), in field order. */
    public List<String> conversions() {
        return conversions;
    }

    /** The lead's id if the request carried one, else null. */
    public String leadId() {
        return leadId;
    }
}
