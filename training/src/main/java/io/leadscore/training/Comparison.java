package io.leadscore.training;

import io.leadscore.rules.Tier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model against the incumbent point table on the same leads: the model's metrics, the rules'
 * ranking metrics, the conversion rate per tier of each, and the rule tier × model tier cross-table.
 */
public final class Comparison {
    private Comparison() {
    }

    /**
     * @param model the model's metrics on these leads
     * @param points rule points per lead
     * @param ruleTiers rule tier per lead
     * @param modelTiers model tier per lead
     * @param y outcomes
     * @return the JSON-ready comparison {@code {"model","rules","tiers"}}
     */
    public static Map<String, Object> of(Evaluation model, double[] points, Tier[] ruleTiers, Tier[] modelTiers, int[] y) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model.toMap());
        out.put("rules", Evaluation.rankingOf(points, y));
        Map<String, Object> tiers = new LinkedHashMap<>();
        tiers.put("rules", byTier(ruleTiers, y));
        tiers.put("model", byTier(modelTiers, y));
        Map<String, Object> cross = new LinkedHashMap<>();
        for (Tier r : Tier.values()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (Tier m : Tier.values()) {
                long n = 0;
                long conv = 0;
                for (int i = 0; i < y.length; i++) {
                    if (ruleTiers[i] == r && modelTiers[i] == m) {
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
