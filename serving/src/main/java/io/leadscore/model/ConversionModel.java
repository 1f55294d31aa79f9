package io.leadscore.model;

import io.leadscore.data.DataException;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.FeatureEncoding;
import io.leadscore.features.FeatureVector;
import io.leadscore.features.InputFeature;
import io.leadscore.features.LeadRecord;
import io.leadscore.rules.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.impl.ArrayExample;

/**
 * A trained conversion model ready to score leads: the feature encoding from its card, the Tribuo
 * model, its calibration, the tier cut-offs and an explainer that splits every prediction into
 * exact per-field reasons (linear weights, or XGBoost's TreeSHAP for trees), measured against the
 * average training lead. Thread-safe: scoring does not mutate it.
 */
public final class ConversionModel {
    /** The label of a converted lead in Tribuo outputs. */
    public static final String POSITIVE = "1";
    /** The label of a lead that did not convert. */
    public static final String NEGATIVE = "0";

    private final Model<Label> model;
    private final ModelCard card;
    private final FeatureEncoder encoder;
    private final String[] featureNames;
    private final Calibration calibration;
    private final Explainer explainer;
    /** The scoring function of a model exported from another engine, or null for a Tribuo model. */
    private final ScoringFunction function;

    /** A scorer for a freshly trained model and its card (training uses this before saving). */
    public static ConversionModel of(Model<Label> model, ModelCard card) {
        return new ConversionModel(model, card);
    }

    /**
     * A scorer for a model given by its scoring function alone (e.g. exported from another engine),
     * over the card's encoded features.
     */
    public static ConversionModel of(ScoringFunction function, ModelCard card) {
        return new ConversionModel(function, card);
    }

    private ConversionModel(ScoringFunction function, ModelCard card) {
        this.model = null;
        this.card = card;
        this.encoder = new FeatureEncoder(card.features());
        this.featureNames = card.features().featureNames();
        this.calibration = card.calibration() == null ? Calibration.none() : card.calibration();
        this.function = function;
        this.explainer = function::explain;
    }

    @SuppressWarnings("unchecked")
    ConversionModel(Model<Label> model, ModelCard card) {
        this.model = model;
        this.function = null;
        this.card = card;
        this.encoder = new FeatureEncoder(card.features());
        this.featureNames = card.features().featureNames();
        // Tribuo keeps only features seen during training (an "unknown" level may never occur),
        // so the model's features must be a subset of the card's.
        if (!List.of(featureNames).containsAll(model.getFeatureIDMap().keySet())) {
            throw new DataException(card.modelVersion(), "the model's features do not match its card");
        }
        this.calibration = card.calibration() == null ? Calibration.none() : card.calibration();
        if (model instanceof XGBoostModel<?> xgb) {
            this.explainer = new TreeShapExplainer((XGBoostModel<Label>) xgb, featureNames);
        } else {
            double[] means = new double[featureNames.length];
            Map<String, Double> m = card.featureMeans() == null ? Map.of() : card.featureMeans();
            for (int j = 0; j < featureNames.length; j++) {
                means[j] = m.getOrDefault(featureNames[j], 0.0);
            }
            this.explainer = new LinearExplainer(x -> Calibration.logit(rawProbability(x)), means);
        }
    }

    public ModelCard card() {
        return card;
    }

    public FeatureEncoding encoding() {
        return card.features();
    }

    public Model<Label> tribuoModel() {
        return model;
    }

    /** Encodes and scores one lead, with the top {@code topK} reasons. */
    public Score score(LeadRecord lead, int topK) {
        FeatureVector v = encoder.encode(lead);
        double raw = rawProbability(v.values());
        double p = calibration.apply(raw);
        double[] c = new double[featureNames.length];
        double scale = calibration.reasonScale();
        double base = explainer.explain(v.values(), c) * scale + calibration.reasonOffset();
        double explained = base;
        List<InputFeature> inputs = card.features().inputs();
        double[] byInput = new double[inputs.size()];
        for (int j = 0; j < c.length; j++) {
            byInput[card.features().inputOf(j)] += c[j] * scale;
            explained += c[j] * scale;
        }
        return new Score(p, Score.of(p), tierOf(p), base, explained, reasons(lead, byInput, topK), v.warnings());
    }

    /** The calibrated conversion probability of one lead (no reasons), for scoring many leads. */
    public double probability(LeadRecord lead) {
        return calibration.apply(rawProbability(encoder.encode(lead).values()));
    }

    /** The uncalibrated model probability of one lead, e.g. to fit a calibration. */
    public double rawProbability(LeadRecord lead) {
        return rawProbability(encoder.encode(lead).values());
    }

    public Tier tierOf(double probability) {
        return Tier.of(probability, card.tiers().warmFrom(), card.tiers().hotFrom());
    }

    /** The model's raw probability of conversion for an encoded feature vector. */
    double rawProbability(double[] x) {
        if (function != null) {
            return function.probability(x);
        }
        ArrayExample<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, x);
        Prediction<Label> p = model.predict(example);
        Label pos = p.getOutputScores().get(POSITIVE);
        return pos == null ? 0.0 : pos.getScore();
    }

    private List<Reason> reasons(LeadRecord lead, double[] byInput, int topK) {
        List<InputFeature> inputs = card.features().inputs();
        List<Reason> all = new ArrayList<>(inputs.size());
        Map<String, String> descriptions = card.descriptions() == null ? Map.of() : card.descriptions();
        for (int i = 0; i < inputs.size(); i++) {
            String name = inputs.get(i).name();
            all.add(new Reason(name, lead.get(name), byInput[i], descriptions.getOrDefault(name, name)));
        }
        all.sort(Comparator.comparingDouble((Reason r) -> -Math.abs(r.contribution())).thenComparing(Reason::feature));
        return all.subList(0, Math.min(topK, all.size()));
    }
}
