package io.leadscore.model;

import io.leadscore.data.DataException;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.FeatureEncoding;
import io.leadscore.features.FeatureVector;
import io.leadscore.features.FieldAccess;
import io.leadscore.features.InputFeature;
import io.leadscore.features.LeadRecord;
import io.leadscore.rules.Tier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.impl.ArrayExample;

/**
 * A trained conversion model ready to score leads: the feature encoding from its card, the model's
 * {@link ScoringFunction} (linear weights, or trees with XGBoost's TreeSHAP), its calibration and
 * the tier cut-offs. Every prediction splits into exact per-field reasons, measured against the
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
    private final ScoringFunction function;
    /** Each input's description in business words, by input index. */
    private final String[] descriptions;
    /** The binning of the card's training profiles, or null for a card without them. */
    private final FeatureBins bins;

    /** A scorer for a freshly trained Tribuo model and its card (training uses this before saving). */
    public static ConversionModel of(Model<Label> model, ModelCard card) {
        return new ConversionModel(model, card);
    }

    /**
     * A scorer for a model given by its scoring function alone (e.g. exported from another engine),
     * over the card's encoded features.
     */
    public static ConversionModel of(ScoringFunction function, ModelCard card) {
        return new ConversionModel(null, function, card);
    }

    ConversionModel(Model<Label> model, ModelCard card) {
        this(model, functionOf(model, card), card);
        // Tribuo keeps only features seen during training (an "unknown" level may never occur),
        // so the model's features must be a subset of the card's.
        if (!List.of(featureNames).containsAll(model.getFeatureIDMap().keySet())) {
            throw new DataException(card.modelVersion(), "the model's features do not match its card");
        }
    }

    private ConversionModel(Model<Label> model, ScoringFunction function, ModelCard card) {
        this.model = model;
        this.card = card;
        this.encoder = new FeatureEncoder(card.features());
        this.featureNames = card.features().featureNames();
        this.calibration = card.calibration() == null ? Calibration.none() : card.calibration();
        this.function = function;
        Map<String, String> d = card.descriptions() == null ? Map.of() : card.descriptions();
        this.descriptions = card.features().inputs().stream().map(in -> d.getOrDefault(in.name(), in.name())).toArray(String[]::new);
        this.bins = FeatureBins.of(card);
    }

    @SuppressWarnings("unchecked")
    private static ScoringFunction functionOf(Model<Label> model, ModelCard card) {
        String[] names = card.features().featureNames();
        if (model instanceof XGBoostModel<?> xgb) {
            return new XGBoostFunction((XGBoostModel<Label>) xgb, names);
        }
        // A linear model (the only other kind trained): its weights are read from the model once, so
        // that scoring is a dot product rather than a Tribuo prediction per lead. Checked against
        // Tribuo's own prediction on two leads (the average and the all-ones vector).
        if (!(model instanceof LibLinearClassificationModel linear)) {
            throw new DataException(card.modelVersion(), "the model is neither XGBoost nor a LibLinear linear model; leadscore cannot explain it");
        }
        double[] means = featureMeans(card);
        LinearFunction f = LibLinearWeights.of(linear, names, means, card.modelVersion());
        double[] ones = new double[names.length];
        java.util.Arrays.fill(ones, 1.0);
        for (double[] x : new double[][] {means, ones}) {
            double expected = Calibration.logit(tribuoProbability(model, names, x));
            if (Math.abs(f.logOdds(x) - expected) > 1e-6 * Math.max(1.0, Math.abs(expected))) {
                throw new DataException(card.modelVersion(), "the linear model's weights do not give its own predictions; leadscore cannot explain it");
            }
        }
        return f;
    }

    /** The card's mean of each encoded feature, in feature order (0 where unknown): the reference lead of the reasons. */
    static double[] featureMeans(ModelCard card) {
        String[] names = card.features().featureNames();
        double[] means = new double[names.length];
        Map<String, Double> m = card.featureMeans() == null ? Map.of() : card.featureMeans();
        for (int j = 0; j < names.length; j++) {
            means[j] = m.getOrDefault(names[j], 0.0);
        }
        return means;
    }

    public ModelCard card() {
        return card;
    }

    public FeatureEncoding encoding() {
        return card.features();
    }

    /**
     * The binning of this model's inputs by the training profiles in its card (to log each scored
     * lead's bins for drift), or null when the card has no profiles.
     */
    public FeatureBins featureBins() {
        return bins;
    }

    /** The Tribuo model, or null for a model given by its scoring function alone. */
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
        double base = function.explain(v.values(), c) * scale + calibration.reasonOffset();
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
        return function.probability(x);
    }

    /** The scoring function of the model (weights or trees) over encoded feature vectors. */
    public ScoringFunction scoringFunction() {
        return function;
    }

    /** A Tribuo model's own probability of conversion for an encoded feature vector. */
    static double tribuoProbability(Model<Label> model, String[] featureNames, double[] x) {
        ArrayExample<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, x);
        Prediction<Label> p = model.predict(example);
        Label pos = p.getOutputScores().get(POSITIVE);
        return pos == null ? 0.0 : pos.getScore();
    }

    /** The {@code topK} inputs of largest absolute contribution (ties by name), largest first. */
    private List<Reason> reasons(LeadRecord lead, double[] byInput, int topK) {
        List<InputFeature> inputs = card.features().inputs();
        int k = Math.min(topK, inputs.size());
        // one pass, keeping the best k so far in order (insertion into a short array)
        int[] top = new int[k];
        int kept = 0;
        for (int i = 0; i < byInput.length; i++) {
            if (kept == k && (k == 0 || !ranksBefore(i, top[k - 1], byInput, inputs))) {
                continue;
            }
            int at = kept < k ? kept++ : k - 1;
            while (at > 0 && ranksBefore(i, top[at - 1], byInput, inputs)) {
                top[at] = top[at - 1];
                at--;
            }
            top[at] = i;
        }
        FieldAccess fields = encoder.fields();
        int[] positions = fields.positions(lead);
        Reason[] reasons = new Reason[k];
        for (int r = 0; r < k; r++) {
            int i = top[r];
            reasons[r] = new Reason(inputs.get(i).name(), fields.get(lead, positions, i), byInput[i], descriptions[i]);
        }
        return Arrays.asList(reasons);
    }

    private static boolean ranksBefore(int i, int j, double[] byInput, List<InputFeature> inputs) {
        int c = Double.compare(Math.abs(byInput[j]), Math.abs(byInput[i]));
        return c != 0 ? c < 0 : inputs.get(i).name().compareTo(inputs.get(j).name()) < 0;
    }
}
