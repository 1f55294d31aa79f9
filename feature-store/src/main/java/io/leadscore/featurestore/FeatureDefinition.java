package io.leadscore.featurestore;

import io.leadscore.data.ColumnType;
import java.util.Map;

/**
 * One feature as declared in {@code features.yaml}: what it means, who owns it and how it is
 * computed from a lead's attributes and events. Which fields are set depends on the {@link #kind}.
 *
 * @param name the feature (column and request field) name
 * @param kind how it is computed
 * @param description what it means, in business words (shown in prediction reasons)
 * @param owner the team or person answerable for it
 * @param filter the events it looks at (event kinds only)
 * @param window how far back events count (event kinds only)
 * @param field the event field aggregated: {@code value} for sum, a property for distinct
 * @param numerator the feature divided (ratio only)
 * @param denominator the feature divided by (ratio only)
 * @param column the lead attribute read (attribute and age only)
 * @param type the type of the result
 * @param levelMap for attributes: level to number (an ordinal encoding); null to pass the value through
 * @param defaultValue the value when data is missing (no matching event for recency, denominator 0,
 *     missing or unmapped attribute); null leaves the value missing
 * @param line the line of the definition in its file (for messages)
 */
public record FeatureDefinition(
        String name,
        FeatureKind kind,
        String description,
        String owner,
        EventFilter filter,
        Window window,
        String field,
        String numerator,
        String denominator,
        String column,
        ColumnType type,
        Map<String, Double> levelMap,
        Object defaultValue,
        int line) {
}
