package io.leadscore.model;

import io.leadscore.features.InputFeature;
import io.leadscore.features.LeadRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model directory as a whole: the pooled (top-level) model and, for a directory written by
 * {@code train --segment-by COLUMN}, one model per segment value that earned one. Each lead is
 * routed by the text of its segment field: to that value's model when it has one, else to the
 * pooled model (values never seen, values with too little history or whose model did not beat the
 * pooled one, and a missing value). A directory without segments is the pooled model alone.
 * Immutable and thread-safe.
 */
public final class SegmentedModel {
    private final ConversionModel pooled;
    private final String column;
    private final Map<String, ConversionModel> models;
    private final List<InputFeature> inputs;

    /**
     * @param pooled the top-level model
     * @param column the segment column, or null without segments
     * @param models each served segment value's model
     */
    public SegmentedModel(ConversionModel pooled, String column, Map<String, ConversionModel> models) {
        this.pooled = pooled;
        this.column = column;
        this.models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        this.inputs = union(pooled, this.models.values());
    }

    /** A model without segments. */
    public static SegmentedModel single(ConversionModel model) {
        return new SegmentedModel(model, null, Map.of());
    }

    /** The top-level model: it serves every lead without a segment model of its own. */
    public ConversionModel pooled() {
        return pooled;
    }

    /** The segment column, or null for a model without segments. */
    public String column() {
        return column;
    }

    /** The segment models by value, in the card's order. */
    public Map<String, ConversionModel> segments() {
        return models;
    }

    /**
     * The fields any of the models reads: the pooled model's inputs as they are, then inputs only
     * segment models read, as optional (a lead routed elsewhere need not have them; a segment model
     * imputes one that is missing, with a warning).
     */
    public List<InputFeature> inputs() {
        return inputs;
    }

    /** The segment value whose own model scores this lead, or null when the pooled model does. */
    public String segmentOf(LeadRecord lead) {
        if (column == null || models.isEmpty()) {
            return null;
        }
        String key = key(lead.get(column));
        return key != null && models.containsKey(key) ? key : null;
    }

    /** The model of a segment value from {@link #segmentOf}, or the pooled model for null. */
    public ConversionModel modelFor(String segment) {
        return segment == null ? pooled : models.get(segment);
    }

    /** The model that scores this lead. */
    public ConversionModel route(LeadRecord lead) {
        return modelFor(segmentOf(lead));
    }

    /**
     * A segment field's value as the text segments are named by: a string as it is, a whole number
     * without a decimal point (2.0 → "2"), other numbers and booleans as Java writes them; null for
     * a missing value.
     */
    public static String key(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        return value.toString();
    }

    /**
     * A segment value as a directory name: lower-case ASCII letters, digits, {@code _} and
     * {@code -} kept, every other UTF-8 byte as {@code %XX} (so "..", slashes and spaces cannot
     * escape, and "SMB" and "smb" do not clash on a case-insensitive file system). The card names
     * each directory: loaders never decode it.
     */
    public static String directoryName(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.length() == 0 ? "%" : out.toString();
    }

    private static List<InputFeature> union(ConversionModel pooled, java.util.Collection<ConversionModel> others) {
        Map<String, InputFeature> byName = new LinkedHashMap<>();
        for (InputFeature in : pooled.encoding().inputs()) {
            byName.put(in.name(), in);
        }
        for (ConversionModel m : others) {
            for (InputFeature in : m.encoding().inputs()) {
                byName.putIfAbsent(in.name(), in.required() ? in.optional() : in);
            }
        }
        return List.copyOf(new ArrayList<>(byName.values()));
    }
}
