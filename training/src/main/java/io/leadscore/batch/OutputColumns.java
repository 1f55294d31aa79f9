package io.leadscore.batch;

/**
 * The columns of {@code leadscore score}'s output, in order: the id (named as the input's id
 * column), {@code probability}, {@code score}, {@code tier}, {@code rule_score} and {@code rule_tier}
 * (with rules), {@code reasons}, {@code model_name}, {@code model_version}, {@code segment} (for a
 * model with segments), {@code scored_at}. The model's name and version are those of the model that
 * scored the row (a segment's, or the pooled one).
 *
 * @param idColumn the id column's name
 * @param rules whether the rule columns are written
 * @param modelName the (pooled) model's name
 * @param modelVersion the (pooled) model's version
 * @param scoredAt the instant of the run, on every row (epoch milliseconds)
 * @param segments whether the {@code segment} column is written (a model with segments)
 */
public record OutputColumns(String idColumn, boolean rules, String modelName, String modelVersion, long scoredAt, boolean segments) {
    /** Columns of a model without segments. */
    public OutputColumns(String idColumn, boolean rules, String modelName, String modelVersion, long scoredAt) {
        this(idColumn, rules, modelName, modelVersion, scoredAt, false);
    }

    public static final String PROBABILITY = "probability";
    public static final String SCORE = "score";
    public static final String TIER = "tier";
    public static final String RULE_SCORE = "rule_score";
    public static final String RULE_TIER = "rule_tier";
    public static final String REASONS = "reasons";
    public static final String MODEL_NAME = "model_name";
    public static final String MODEL_VERSION = "model_version";
    public static final String SCORED_AT = "scored_at";
    /** The segment whose own model scored the row (empty for the pooled model). */
    public static final String SEGMENT = "segment";
    /** The fields of each reason, as the API names them. */
    public static final String[] REASON_FIELDS = {"feature", "value", "contribution", "direction", "description"};

    /** The column names in order. */
    public java.util.List<String> names() {
        java.util.List<String> n = new java.util.ArrayList<>(java.util.List.of(idColumn, PROBABILITY, SCORE, TIER));
        if (rules) {
            n.addAll(java.util.List.of(RULE_SCORE, RULE_TIER));
        }
        n.addAll(java.util.List.of(REASONS, MODEL_NAME, MODEL_VERSION));
        if (segments) {
            n.add(SEGMENT);
        }
        n.add(SCORED_AT);
        return n;
    }
}
