package io.leadscore.report;

import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.Reason;
import io.leadscore.model.Score;
import io.leadscore.model.SegmentedModel;
import io.leadscore.rules.Bucket;
import io.leadscore.rules.Criterion;
import io.leadscore.rules.RuleSet;
import io.leadscore.training.ScoredRows;
import io.leadscore.training.SegmentMetrics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the data of the dashboard and the static report from a comparison on held-out leads:
 * the aggregates of {@link DashboardData}, both point tables, the tier tables and up to
 * {@value #MAX_LEADS} leads with both scores and the model's reasons for the drill-down; with a
 * segment column, the same figures per segment value for the page's segment selector.
 */
public final class ComparisonReport {
    /** Leads kept for the drill-down. */
    public static final int MAX_LEADS = 20_000;
    static final int REASONS = 5;

    private ComparisonReport() {
    }

    /**
     * @param models the model (with its segment models, if any)
     * @param rules the hand-tuned rules
     * @param scorecard the learned scorecard, or null
     * @param rows the evaluated leads
     * @param comparison {@code compare --json}'s object: its {@code tiers}, and its {@code segments} with {@code segmentColumn}
     * @param dataFile the data file, for the footer
     * @param segmentColumn the column of the segment selector, or null for none
     */
    public static Map<String, Object> build(SegmentedModel models, RuleSet rules, RuleSet scorecard, ScoredRows rows,
                                            Map<String, Object> comparison, String dataFile, String segmentColumn) {
        ConversionModel model = models.pooled();
        int n = rows.table().rowCount();
        double[] p = rows.probabilities(models);
        double[] rulePoints = rows.points(rules);
        double[] cardPoints = scorecard == null ? null : rows.points(scorecard);
        List<Ranker> rankers = rankers(model, p, rulePoints, cardPoints);
        double[] times = times(rows, model);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_version", model.card().modelVersion());
        out.put("data_file", dataFile);
        out.put("evaluated_on", rows.evaluatedOn());
        out.put("generated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        out.putAll(DashboardData.aggregate(rankers, rows.y(), times, p));
        out.put("tiers", comparison.get("tiers"));
        if (segmentColumn != null) {
            out.put("segment_column", segmentColumn);
            out.put("segments", segments(rows, segmentColumn, p, rulePoints, cardPoints, times, model, comparison));
        }
        Map<String, Object> tables = new LinkedHashMap<>();
        tables.put("rules", table(rules, rules.name()));
        if (scorecard != null) {
            tables.put("scorecard", table(scorecard, "learned scorecard"));
        }
        out.put("point_tables", tables);
        Column id = rows.table().column("lead_id").orElse(null);
        List<Map<String, Object>> leads = new ArrayList<>();
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(n, MAX_LEADS); i++) {
            var lead = rows.table().row(i);
            Score s = models.route(lead).score(lead, REASONS);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", id == null ? "row-" + (i + 1) : String.valueOf(id.value(i)));
            l.put("probability", Math.round(s.probability() * 10_000) / 10_000.0);
            l.put("score", s.score());
            l.put("tier", s.tier().label());
            l.put("rule_points", (int) rulePoints[i]);
            l.put("rule_tier", rules.tierOf((int) rulePoints[i]).label());
            if (cardPoints != null) {
                l.put("scorecard_points", (int) cardPoints[i]);
            }
            l.put("converted", rows.y()[i] == 1);
            List<Map<String, Object>> reasons = new ArrayList<>();
            for (Reason r : s.reasons()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("feature", r.feature());
                m.put("value", r.value() == null ? "missing" : String.valueOf(r.value()));
                m.put("contribution", Math.round(r.contribution() * 1000) / 1000.0);
                reasons.add(m);
                descriptions.putIfAbsent(r.feature(), r.description());
            }
            l.put("reasons", reasons);
            leads.add(l);
        }
        out.put("descriptions", descriptions);
        out.put("leads", leads);
        out.put("leads_total", n);
        return out;
    }

    private static List<Ranker> rankers(ConversionModel model, double[] p, double[] rulePoints, double[] cardPoints) {
        List<Ranker> rankers = new ArrayList<>();
        rankers.add(new Ranker("model", "model (" + model.card().algorithm() + ")", p));
        if (cardPoints != null) {
            rankers.add(new Ranker("scorecard", "learned scorecard", cardPoints));
        }
        rankers.add(new Ranker("rules", "hand-tuned rules", rulePoints));
        return rankers;
    }

    /**
     * The page's figures per value of the segment column (most leads first), for the segment
     * selector: each value's aggregates as for all leads, its tier table, who served it and the
     * version of its model. Values whose leads have one class only are left out (nothing to rank).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> segments(ScoredRows rows, String column, double[] p, double[] rulePoints, double[] cardPoints,
                                                double[] times, ConversionModel model, Map<String, Object> comparison) {
        Map<String, Object> compared = (Map<String, Object>) comparison.getOrDefault("segments", Map.of());
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : SegmentMetrics.rows(rows.table(), column).entrySet()) {
            Map<String, Object> c = (Map<String, Object>) compared.get(e.getKey());
            if (c == null || c.get("tiers") == null) {
                continue;
            }
            int[] at = e.getValue();
            int[] y = SegmentMetrics.pick(rows.y(), at);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("served_by", c.get("served_by"));
            s.put("model_version", c.get("model_version"));
            double[] pp = SegmentMetrics.pick(p, at);
            s.putAll(DashboardData.aggregate(rankers(model, pp, SegmentMetrics.pick(rulePoints, at),
                    cardPoints == null ? null : SegmentMetrics.pick(cardPoints, at)), y, times == null ? null : SegmentMetrics.pick(times, at), pp));
            s.put("tiers", c.get("tiers"));
            out.put(e.getKey(), s);
        }
        return out;
    }

    private static double[] times(ScoredRows rows, ConversionModel model) {
        String timeColumn = model.card().split() == null ? null : model.card().split().timeColumn();
        if (timeColumn == null) {
            return null;
        }
        Column c = rows.table().column(timeColumn).orElse(null);
        if (c == null || (c.type() != ColumnType.TIMESTAMP && c.type() != ColumnType.NUMERIC)) {
            return null;
        }
        double[] t = new double[c.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = c.number(i);
        }
        return t;
    }

    /** A point table in plain words: criterion, condition, points. */
    static Map<String, Object> table(RuleSet rules, String name) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        List<Map<String, Object>> criteria = new ArrayList<>();
        for (Criterion c : rules.criteria()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("column", c.column());
            List<Map<String, Object>> lines = new ArrayList<>();
            for (Bucket b : c.buckets()) {
                lines.add(Map.of("when", when(c.column(), b), "points", b.points()));
            }
            cm.put("lines", lines);
            criteria.add(cm);
        }
        t.put("criteria", criteria);
        t.put("warm", rules.warmFrom());
        t.put("hot", rules.hotFrom());
        return t;
    }

    private static String when(String column, Bucket b) {
        if (b.in() != null) {
            return column + " is " + String.join(" or ", b.in());
        }
        if (b.atLeast() != null && b.below() != null) {
            return String.format(Locale.ROOT, "%s from %s to below %s", column, num(b.atLeast()), num(b.below()));
        }
        return b.atLeast() != null ? column + " ≥ " + num(b.atLeast()) : column + " < " + num(b.below());
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3g", d);
    }
}
