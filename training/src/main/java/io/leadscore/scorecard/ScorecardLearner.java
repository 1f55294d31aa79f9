package io.leadscore.scorecard;

import io.leadscore.data.Column;
import io.leadscore.data.Table;
import io.leadscore.model.ConversionModel;
import io.leadscore.rules.Bucket;
import io.leadscore.rules.Criterion;
import io.leadscore.rules.RuleSet;
import io.leadscore.training.EncodedMatrix;
import io.leadscore.training.TierPolicy;
import io.leadscore.training.Trainers;
import io.leadscore.training.Trainers.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * Fits an integer point table from outcomes. Every input column becomes a criterion with buckets
 * (quintile ranges for numbers, true/false for booleans, levels seen at least {@value #MIN_LEVEL}
 * times for categories); a regularised logistic regression on the bucket indicators gives each
 * bucket a weight, and {@value #POINTS_PER_DOUBLING} points stand for a doubling of the odds of
 * converting. Tier cut-offs follow the same capacity policy as the model's.
 */
public final class ScorecardLearner {
    /** Points that double the odds of converting. */
    public static final int POINTS_PER_DOUBLING = 20;
    static final int MIN_LEVEL = 10;
    static final int MAX_LEVELS = 30;
    static final double COST = 0.1;

    private ScorecardLearner() {
    }

    /**
     * @param table the data
     * @param rows the training-window rows to learn from
     * @param y their outcomes
     * @param inputs the columns to use
     * @param descriptions criterion names in business words, by column
     * @param tiers how to cut points into tiers
     * @param seed the seed of the fit
     * @param file the name the scorecard will be saved under (for error messages)
     */
    public static RuleSet learn(Table table, int[] rows, int[] y, List<String> inputs, Map<String, String> descriptions,
                                TierPolicy tiers, long seed, String file) {
        List<Criterion> raw = new ArrayList<>();
        for (String name : inputs) {
            Column c = table.require(name, "feature");
            List<Bucket> buckets = switch (c.type()) {
                case NUMERIC -> numericBuckets(c, rows);
                case BOOLEAN -> List.of(new Bucket(List.of("true"), null, null, 0), new Bucket(List.of("false"), null, null, 0));
                case CATEGORICAL -> levelBuckets(c, rows);
                case TIMESTAMP -> List.of();
            };
            if (!buckets.isEmpty()) {
                raw.add(new Criterion(descriptions.getOrDefault(name, name), name, buckets, 0));
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            for (int k = 0; k < raw.get(i).buckets().size(); k++) {
                names.add(i + "#" + k);
            }
        }
        String[] featureNames = names.toArray(String[]::new);
        EncodedMatrix matrix = EncodedMatrix.of(featureNames, y, r -> indicators(raw, table, rows[r], featureNames.length));
        Model<Label> model = Trainers.fit(new Candidate("logistic", Map.of("C", COST)), matrix, seed);
        double[] weights = weights(model, featureNames);
        double scale = POINTS_PER_DOUBLING / Math.log(2);
        List<Criterion> criteria = new ArrayList<>();
        int f = 0;
        for (Criterion c : raw) {
            int[] pts = new int[c.buckets().size()];
            for (int k = 0; k < pts.length; k++) {
                pts[k] = (int) Math.round(weights[f++] * scale);
            }
            // Where every lead falls in some bucket (numbers and booleans without missing values),
            // start the criterion at 0 points: the same shift for every lead, so the ranking is
            // unchanged, and the table reads like a hand-made one (no negative points).
            if (coversEveryLead(c, table, rows)) {
                int min = java.util.Arrays.stream(pts).min().orElse(0);
                for (int k = 0; k < pts.length; k++) {
                    pts[k] -= min;
                }
            }
            List<Bucket> kept = new ArrayList<>();
            for (int k = 0; k < pts.length; k++) {
                Bucket b = c.buckets().get(k);
                if (pts[k] != 0) {
                    kept.add(new Bucket(b.in(), b.atLeast(), b.below(), pts[k]));
                }
            }
            if (!kept.isEmpty()) {
                criteria.add(new Criterion(c.name(), c.column(), List.copyOf(kept), 0));
            }
        }
        RuleSet unTiered = new RuleSet("learned scorecard", file, criteria, 0, 0);
        double[] points = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            points[r] = unTiered.points(table.row(rows[r]));
        }
        var cut = tiers.hotFrom() != null ? TierPolicy.defaultCapacity().cutoffs(points) : tiers.cutoffs(points);
        return new RuleSet("learned scorecard", file, criteria, (int) Math.round(cut.warmFrom()), (int) Math.round(cut.hotFrom()));
    }

    /**
     * Whether every training lead matches one of the criterion's buckets (no missing values, no
     * level too rare for a bucket of its own). A value never seen in training then gets 0 points,
     * the criterion's least.
     */
    private static boolean coversEveryLead(Criterion c, Table table, int[] rows) {
        Column col = table.require(c.column(), "feature");
        var lead = new Object() {
            boolean matched(int r) {
                Object v = table.row(r).get(c.column());
                return c.buckets().stream().anyMatch(b -> b.matches(v));
            }
        };
        for (int r : rows) {
            if (col.isMissing(r) || !lead.matched(r)) {
                return false;
            }
        }
        return true;
    }

    private static double[] indicators(List<Criterion> criteria, Table table, int row, int width) {
        double[] x = new double[width];
        int f = 0;
        var lead = table.row(row);
        for (Criterion c : criteria) {
            Object v = lead.get(c.column());
            boolean matched = false;
            for (Bucket b : c.buckets()) {
                if (!matched && b.matches(v)) {
                    x[f] = 1.0;
                    matched = true;
                }
                f++;
            }
        }
        return x;
    }

    /** Log-odds weight of each indicator, read off the fitted linear model. */
    private static double[] weights(Model<Label> model, String[] names) {
        double[] x = new double[names.length];
        double base = logit(model, names, x);
        double[] w = new double[names.length];
        for (int j = 0; j < names.length; j++) {
            x[j] = 1;
            w[j] = logit(model, names, x) - base;
            x[j] = 0;
        }
        return w;
    }

    private static double logit(Model<Label> model, String[] names, double[] x) {
        Prediction<Label> p = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, x));
        double q = Math.min(Math.max(p.getOutputScores().get(ConversionModel.POSITIVE).getScore(), 1e-15), 1 - 1e-15);
        return Math.log(q / (1 - q));
    }

    private static List<Bucket> numericBuckets(Column c, int[] rows) {
        double[] v = Arrays.stream(rows).mapToDouble(c::number).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return List.of();
        }
        List<Double> edges = new ArrayList<>();
        for (double q : new double[] {0.2, 0.4, 0.6, 0.8}) {
            double e = v[(int) Math.floor(q * (v.length - 1))];
            if (e > v[0] && (edges.isEmpty() || e > edges.get(edges.size() - 1))) {
                edges.add(e);
            }
        }
        if (edges.isEmpty()) {
            return List.of();
        }
        List<Bucket> out = new ArrayList<>();
        out.add(new Bucket(null, null, edges.get(0), 0));
        for (int i = 0; i < edges.size(); i++) {
            out.add(new Bucket(null, edges.get(i), i + 1 < edges.size() ? edges.get(i + 1) : null, 0));
        }
        return out;
    }

    private static List<Bucket> levelBuckets(Column c, int[] rows) {
        Map<String, Integer> counts = new HashMap<>();
        for (int r : rows) {
            String s = c.string(r);
            if (s != null) {
                counts.merge(s, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() >= MIN_LEVEL)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_LEVELS).map(Map.Entry::getKey).sorted()
                .map(l -> new Bucket(List.of(l), null, null, 0)).toList();
    }
}
