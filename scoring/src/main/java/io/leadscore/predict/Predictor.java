package io.leadscore.predict;

import io.leadscore.features.InputFeature;
import io.leadscore.features.LeadRecord;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.Score;
import io.leadscore.rules.RuleSet;
import java.util.List;
import java.util.Set;

/**
 * Scores a lead as the prediction API answers it: the model's probability, score, tier and top
 * reasons, and the rule score beside it. The server's predict routes, {@code leadscore score} and
 * its Spark executors all call this, so their answers agree by construction. Thread-safe.
 */
public final class Predictor {
    /** Reasons the API returns per prediction. */
    public static final int TOP_REASONS = 5;

    private final ConversionModel model;
    private final RuleSet rules;
    private final int topReasons;
    private final Set<String> ruleFields;

    /**
     * @param model the model
     * @param rules the point table scored beside it, or null for none
     * @param topReasons how many reasons to give (0 for none)
     */
    public Predictor(ConversionModel model, RuleSet rules, int topReasons) {
        if (topReasons < 0) {
            throw new IllegalArgumentException("topReasons must not be negative");
        }
        this.model = model;
        this.rules = rules;
        this.topReasons = topReasons;
        this.ruleFields = rules == null ? Set.of() : rules.columns();
    }

    public ConversionModel model() {
        return model;
    }

    /** The rules, or null. */
    public RuleSet rules() {
        return rules;
    }

    /** How many reasons each answer gives. */
    public int topReasons() {
        return topReasons;
    }

    /** The model's input fields. */
    public List<InputFeature> inputs() {
        return model.encoding().inputs();
    }

    /** The fields the rules read (empty without rules; one set for the life of this predictor). */
    public Set<String> ruleFields() {
        return ruleFields;
    }

    /** The answer for one lead whose fields were read and checked by {@link InputValues}' rules. */
    public Prediction predict(LeadRecord lead) {
        Integer points = rules == null ? null : rules.points(lead);
        if (topReasons == 0) {
            // the probability alone: no contributions to compute
            double p = model.probability(lead);
            return new Prediction(p, Score.of(p), model.tierOf(p), points, points == null ? null : rules.tierOf(points), List.of(), List.of());
        }
        Score s = model.score(lead, topReasons);
        return new Prediction(s.probability(), s.score(), s.tier(), points, points == null ? null : rules.tierOf(points), s.reasons(),
                s.warnings());
    }
}
