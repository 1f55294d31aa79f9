package io.leadscore.training;

import io.leadscore.rules.Tier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model against the incumbent point table (and the learned scorecard, when there is one) on
 * the same leads: the model's metrics, the point tables' ranking metrics, the conversion rate per
 * tier of each, and the rule tier × model tier cross-table.
 */
public final class Comparison {
    private Comparison() {
    }

    /**
     * A point table's scores on the leads.
     *
     * @param points points per lead
     * @param tiers tier per lead
     */
    public record PointScores(double[] points, Tier[] tiers) {
    }

    /**
     * @param model the model's metrics on these leads
     * @param modelTiers model tier per lead
     * @param rules the hand-tuned rules' scores
     * @param scorecard the learned scorecard's scores, or null
     * @param y outcomes
     * @return the JSON-ready comparison {@code {"model","rules",["scorecard"],"tiers"}}
     */
    public static Map<String, Object> of(Evaluation model, Tier[] modelTiers, PointScores rules, PointScores scorecard, int[] y) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model.toMap());
        out.put("rules", Evaluation.rankingOf(rules.points(), y));
        if (scorecard != null) {
            out.put("scorecard", Evaluation.rankingOf(scorecard.points(), y));
        }
        Map<String, Object> tiers = new LinkedHashMap<>();
        tiers.put("rules", byTier(rules.tiers(), y));
        tiers.put("model", byTier(modelTiers, y));
        if (scorecard != null) {
            tiers.put("scorecard", byTier(scorecard.tiers(), y));
        }
        Map<String, Object> cross = new LinkedHashMap<>();
        for (Tier r : Tier.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Tier m : Tier.values()) {
                long n = 0;
                long conv = 0;
                for (int i = 0; i < y.length; i++) {
                    if (rules.tiers()[i] == r && modelTiers[i] == m) {
                        n++;
                        conv += y[i];
                    }
                }
                row.put(m.label(), cell(n, conv));
            }
            cross.put(r.label(), row);
        }
        tiers.put("rules_by_model", cross);
        out.put("tiers", tiers);
        return out;
    }

    private static Map<String, Object> byTier(Tier[] tiers, int[] y) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Tier t : Tier.values()) {
            long n = 0;
            long conv = 0;
            for (int i = 0; i < y.length; i++) {
                if (tiers[i] == t) {
                    n++;
                    conv += y[i];
                }
            }
            out.put(t.label(), cell(n, conv));
        }
        return out;
    }

    private static Map<String, Object> cell(long n, long conversions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("conversions", conversions);
        m.put("conversion_rate", n == 0 ? null : (double) conversions / n);
        return m;
    }
}
