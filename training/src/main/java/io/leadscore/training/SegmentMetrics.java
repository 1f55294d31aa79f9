package io.leadscore.training;

import io.leadscore.data.Column;
import io.leadscore.data.Table;
import io.leadscore.model.SegmentedModel;
import io.leadscore.model.SegmentsInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics per value of a segment column, for {@code evaluate --json} and {@code compare --json}
 * ({@code "segments"}): for each value, most rows first, the metrics of the scores on its rows,
 * who served them ({@code served_by}: {@code segment} or {@code pooled}) and the version of the
 * model that scored them. A value whose rows have one class only gets {@code n} and
 * {@code positives}, and null metrics. Rows with a missing value are counted under {@link #MISSING}.
 */
public final class SegmentMetrics {
    /** The key of rows without a value. */
    public static final String MISSING = "(missing)";

    private SegmentMetrics() {
    }

    /** The rows of each value of {@code column} in {@code table}, most rows first ({@link #MISSING} for none). */
    public static Map<String, int[]> rows(Table table, String column) {
        Column c = table.require(column, "segment");
        Map<String, java.util.List<Integer>> byValue = new LinkedHashMap<>();
        for (int r = 0; r < c.size(); r++) {
            String key = SegmentedModel.key(c.value(r));
            byValue.computeIfAbsent(key == null ? MISSING : key, k -> new java.util.ArrayList<>()).add(r);
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        byValue.entrySet().stream()
                .sorted(java.util.Comparator.<Map.Entry<String, java.util.List<Integer>>>comparingInt(e -> -e.getValue().size())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> out.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /**
     * @param table the evaluated rows
     * @param column the segment column
     * @param p the probability of each row
     * @param y the outcome of each row
     * @param models the model that scored them (to say who serves each value)
     */
    public static Map<String, Object> of(Table table, String column, double[] p, int[] y, SegmentedModel models) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean routed = column.equals(models.column());
        for (Map.Entry<String, int[]> e : rows(table, column).entrySet()) {
            int[] rows = e.getValue();
            out.put(e.getKey(), entry(pick(p, rows), pick(y, rows), routed && models.segments().containsKey(e.getKey()) ? e.getKey() : null, models));
        }
        return out;
    }

    /**
     * {@code compare}'s comparison per value of {@code column} ({@link Comparison#of} on the value's
     * rows), with {@code served_by} and {@code model_version}; a value whose rows have one class only
     * gets {@code n}, {@code positives}, {@code served_by} and {@code model_version}.
     */
    public static Map<String, Object> comparisons(Table table, String column, double[] p, io.leadscore.rules.Tier[] modelTiers,
                                                  Comparison.PointScores rules, Comparison.PointScores scorecard, int[] y,
                                                  SegmentedModel models) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean routed = column.equals(models.column());
        for (Map.Entry<String, int[]> e : rows(table, column).entrySet()) {
            int[] rows = e.getValue();
            double[] pp = pick(p, rows);
            int[] yy = pick(y, rows);
            String segment = routed && models.segments().containsKey(e.getKey()) ? e.getKey() : null;
            Map<String, Object> m = oneOutcomeOnly(yy);
            if (m == null) {
                m = Comparison.of(Evaluation.ofProbabilities(pp, yy), pick(modelTiers, rows), subset(rules, rows),
                        scorecard == null ? null : subset(scorecard, rows), yy);
            }
            out.put(e.getKey(), servedBy(m, segment, models));
        }
        return out;
    }

    private static Comparison.PointScores subset(Comparison.PointScores s, int[] rows) {
        return new Comparison.PointScores(pick(s.points(), rows), pick(s.tiers(), rows));
    }

    /** The values at the given positions. */
    public static double[] pick(double[] v, int[] at) {
        double[] out = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = v[at[i]];
        }
        return out;
    }

    /** The values at the given positions. */
    public static int[] pick(int[] v, int[] at) {
        int[] out = new int[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = v[at[i]];
        }
        return out;
    }

    private static io.leadscore.rules.Tier[] pick(io.leadscore.rules.Tier[] v, int[] at) {
        io.leadscore.rules.Tier[] out = new io.leadscore.rules.Tier[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = v[at[i]];
        }
        return out;
    }

    private static Map<String, Object> entry(double[] p, int[] y, String segment, SegmentedModel models) {
        Map<String, Object> m = oneOutcomeOnly(y);
        if (m == null) {
            m = Evaluation.ofProbabilities(p, y).toMap();
        } else {
            for (String k : new String[] {"auc", "pr_auc", "log_loss", "brier", "ece", "lift_at_10pct"}) {
                m.put(k, null);
            }
        }
        return servedBy(m, segment, models);
    }

    /** {@code n} and {@code positives} of rows with one outcome only (nothing to rank), or null when both occur. */
    private static Map<String, Object> oneOutcomeOnly(int[] y) {
        long positives = Evaluation.positives(y);
        if (positives != 0 && positives != y.length) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", (long) y.length);
        m.put("positives", positives);
        return m;
    }

    /** Adds who serves the value ({@code served_by}) and that model's version. */
    private static Map<String, Object> servedBy(Map<String, Object> m, String segment, SegmentedModel models) {
        m.put("served_by", segment == null ? SegmentsInfo.POOLED : SegmentsInfo.SEGMENT);
        m.put("model_version", models.modelFor(segment).card().modelVersion());
        return m;
    }
}
