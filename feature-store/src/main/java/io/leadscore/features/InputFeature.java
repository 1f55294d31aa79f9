package io.leadscore.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadscore.data.ColumnType;
import java.util.List;

/**
 * How one input column of the training data becomes model features, fitted on the training split
 * and stored in the model card so that serving encodes exactly as training did.
 *
 * @param name the column (and request field) name
 * @param type numeric, boolean or categorical
 * @param required true when the column never was missing in training: a request must carry it
 * @param transform {@code "log1p"} for skewed non-negative numbers, else {@code "identity"}
 * @param mean mean of the (transformed) numeric values, used to centre them and to impute
 * @param std standard deviation used to scale numeric values (1 when constant)
 * @param missingIndicator true when training had missing values: a {@code name=missing} feature flags them
 * @param levels categorical levels with their own one-hot feature; others go to {@code name=unknown}
 *     (a target-encoded input without such levels has no one-hot features at all)
 * @param targetEncoding for a categorical with many rare levels, every level's conversion rate: one
 *     more feature, {@code name}, after the one-hot ones (absent otherwise, and in cards written before it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputFeature(
        String name,
        ColumnType type,
        boolean required,
        String transform,
        Double mean,
        Double std,
        boolean missingIndicator,
        List<String> levels,
        TargetEncoding targetEncoding) {

    /** Level name given to categories not seen (or too rare) in training. */
    public static final String UNKNOWN = "unknown";
    /** Level name given to missing values. */
    public static final String MISSING = "missing";

    /** An input without target encoding. */
    public InputFeature(String name, ColumnType type, boolean required, String transform, Double mean, Double std,
                        boolean missingIndicator, List<String> levels) {
        this(name, type, required, transform, mean, std, missingIndicator, levels, null);
    }

    /**
     * Whether this categorical has one-hot features (its levels and the unknown bucket): every
     * categorical but a target-encoded one without levels of its own.
     */
    public boolean oneHot() {
        return type == ColumnType.CATEGORICAL && (targetEncoding == null || levels != null && !levels.isEmpty());
    }

    /**
     * The levels the model knows by name: the one-hot levels, or the target-encoded ones (most rows
     * first); any other value is scored as unknown.
     */
    public List<String> knownLevels() {
        if (targetEncoding == null) {
            return levels == null ? List.of() : levels;
        }
        return targetEncoding.levels().entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().rows(), a.getValue().rows()))
                .map(java.util.Map.Entry::getKey).toList();
    }

    /** The same input, not required of a request. */
    public InputFeature optional() {
        return new InputFeature(name, type, false, transform, mean, std, missingIndicator, levels, targetEncoding);
    }
}
