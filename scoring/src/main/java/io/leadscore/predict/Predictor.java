package io.leadscore.predict;

import io.leadscore.features.InputFeature;
import io.leadscore.features.LeadRecord;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.Score;
import io.leadscore.model.SegmentedModel;
import io.leadscore.rules.RuleSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores a lead as the prediction API answers it: the model's probability, score, tier and top
 * reasons, and the rule score beside it. The server's predict routes, {@code leadscore score} and
 * its Spark executors all call this, so their answers agree by construction. A model with segments
 * ({@link SegmentedModel}) routes each lead by its segment field to the model that scores it; the
 * answer names the segment (null for the pooled model) and that model's version. Thread-safe.
 */
public final class Predictor {
    /** Reasons the API returns per prediction. */
    public static final int TOP_REASONS = 5;

    private final SegmentedModel models;
    private final RuleSet rules;
    private final int topReasons;
    private final Set<String> ruleFields;
    private final Set<String> otherFields;

    /**
     * @param model the model
     * @param rules the point table scored beside it, or null for none
     * @param topReasons how many reasons to give (0 for none)
     */
    public Predictor(ConversionModel model, RuleSet rules, int topReasons) {
        this(SegmentedModel.single(model), rules, topReasons);
    }

    /**
     * @param models the pooled model and its segment models
     * @param rules the point table scored beside them, or null for none
     * @param topReasons how many reasons to give (0 for none)
     */
    public Predictor(SegmentedModel models, RuleSet rules, int topReasons) {
        if (topReasons < 0) {
            throw new IllegalArgumentException("topReasons must not be negative");
        }
        this.models = models;
        this.rules = rules;
        this.topReasons = topReasons;
        this.ruleFields = rules == null ? Set.of() : rules.columns();
        this.otherFields = otherFields(models, ruleFields);
    }

    /**
     * The fields read beside the models' inputs: the rules' fields, and the segment column when no
     * model reads it as an input ({@code ruleFields} itself when that adds nothing).
     */
    public static Set<String> otherFields(SegmentedModel models, Set<String> ruleFields) {
        String column = models.column();
        if (column == null || ruleFields.contains(column) || models.inputs().stream().anyMatch(in -> in.name().equals(column))) {
            return ruleFields;
        }
        Set<String> fields = new LinkedHashSet<>(ruleFields);
        fields.add(column);
        return Set.copyOf(fields);
    }

    /** The pooled (top-level) model. */
    public ConversionModel model() {
        return models.pooled();
    }

    /** The pooled model and its segment models. */
    public SegmentedModel models() {
        return models;
    }

    /** The rules, or null. */
    public RuleSet rules() {
        return rules;
    }

    /** How many reasons each answer gives. */
    public int topReasons() {
        return topReasons;
    }

    /** The input fields of the models ({@link SegmentedModel#inputs()}). */
    public List<InputFeature> inputs() {
        return models.inputs();
    }

    /** The fields the rules read (empty without rules; one set for the life of this predictor). */
    public Set<String> ruleFields() {
        return ruleFields;
    }

    /**
     * The fields read beside the inputs: the rules' fields and the segment column when no model
     * reads it as an input (one set for the life of this predictor).
     */
    public Set<String> otherFields() {
        return otherFields;
    }

    /** The answer for one lead whose fields were read and checked by {@link InputValues}' rules. */
    public Prediction predict(LeadRecord lead) {
        Integer points = rules == null ? null : rules.points(lead);
        String segment = models.segmentOf(lead);
        ConversionModel model = models.modelFor(segment);
        String name = model.card().modelName();
        String version = model.card().modelVersion();
        if (topReasons == 0) {
            // the probability alone: no contributions to compute
            double p = model.probability(lead);
            return new Prediction(p, Score.of(p), model.tierOf(p), points, points == null ? null : rules.tierOf(points), List.of(), List.of(),
                    segment, name, version);
        }
        Score s = model.score(lead, topReasons);
        return new Prediction(s.probability(), s.score(), s.tier(), points, points == null ? null : rules.tierOf(points), s.reasons(),
                s.warnings(), segment, name, version);
    }
}
