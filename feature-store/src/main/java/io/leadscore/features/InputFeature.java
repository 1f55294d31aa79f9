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
        List<String> levels) {

    /** Level name given to categories not seen (or too rare) in training. */
    public static final String UNKNOWN = "unknown";
    /** Level name given to missing values. */
    public static final String MISSING = "missing";
}
