package io.leadscore.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The {@code segments} section of a model card written by {@code train --segment-by COLUMN}: the
 * column, the rule that decided which segments get their own model, and per value seen in training
 * its data, split and holdout metrics, those of the pooled model on the same holdout rows, and who
 * serves it. Values not listed (never seen, or missing) are served by the pooled model.
 *
 * @param column the segment column
 * @param minPositives converted leads a segment needs in its training window for a model of its own
 * @param rule when a segment is served by its own model, in words
 * @param values one entry per value seen in the training file, most rows first
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SegmentsInfo(String column, int minPositives, String rule, List<Segment> values) {
    /** {@link Segment#servedBy()} of a segment with a model of its own. */
    public static final String SEGMENT = "segment";
    /** {@link Segment#servedBy()} of a segment the pooled model serves. */
    public static final String POOLED = "pooled";
    /** The sub-directory of a model directory that holds the segment models. */
    public static final String DIRECTORY = "segments";

    /**
     * One segment value.
     *
     * @param value the value as text (whole numbers without a decimal point)
     * @param directory its model directory inside the top one (e.g. {@code segments/smb}), or null when the pooled model serves it
     * @param rows rows of the training file with this value
     * @param positives converted ones among them
     * @param split the segment's share of the top model's split (its holdout: the same held-out rows)
     * @param trainPositives converted leads in its training window
     * @param holdoutPositives converted leads in its holdout
     * @param modelVersion the version of its own model, or null when none was trained
     * @param holdoutMetrics its own model's metrics on its holdout, or null when none was trained
     * @param pooledHoldoutMetrics the pooled model's metrics on the same rows, or null when they cannot be measured
     * @param servedBy {@link #SEGMENT} or {@link #POOLED}
     * @param reason why, in words
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Segment(String value, String directory, long rows, long positives, ModelCard.SplitInfo split, long trainPositives,
                          long holdoutPositives, String modelVersion, Map<String, Object> holdoutMetrics,
                          Map<String, Object> pooledHoldoutMetrics, String servedBy, String reason) {
        /** Whether its own model serves it. */
        public boolean ownModel() {
            return SEGMENT.equals(servedBy) && directory != null;
        }
    }

    /** The segments served by their own model. */
    public List<Segment> served() {
        return values == null ? List.of() : values.stream().filter(Segment::ownModel).toList();
    }
}
