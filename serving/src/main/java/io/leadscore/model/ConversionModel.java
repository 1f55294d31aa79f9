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
import org.tribuo.impl.ArrayExample;

/**
 * A trained conversion model ready to score leads: the feature encoding from its card, the Tribuo
 * model, the tier cut-offs and, for linear models, the weights that give exact per-field reasons.
 * A reason's contribution is measured against the average training lead: the average lead's
 * log-odds plus every field's contribution equals the lead's log-odds. Thread-safe: scoring does
 * not mutate it.
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
    private final double[] weights;
    private final double[] means;
    private final double bias;
    private final double averageLogOdds;

    /** A scorer for a freshly trained model and its card (training uses this before saving). */
    public static ConversionModel of(Model<Label> model, ModelCard card) {
        return new ConversionModel(model, card);
    }

    ConversionModel(Model<Label> model, ModelCard card) {
        this.model = model;
        this.card = card;
        this.encoder = new FeatureEncoder(card.features());
        this.featureNames = card.features().featureNames();
        // Tribuo keeps only features seen during training (an "unknown" level may never occur),
        // so the model's features must be a subset of the card's.
        if (!List.of(featureNames).containsAll(model.getFeatureIDMap().keySet())) {
            throw new DataException(card.modelVersion(), "the model's features do not match its card");
        }
        // A linear model's log-odds are bias + w.x: read w and the bias off the model itself by
        // scoring the zero vector and each unit vector, then check the identity on one more point.
        double[] x = new double[featureNames.length];
        this.bias = logOdds(probability(x));
        this.weights = new double[featureNames.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = 1.0;
            weights[j] = logOdds(probability(x)) - bias;
            x[j] = 0.0;
        }
        this.means = new double[featureNames.length];
        double avg = bias;
        Map<String, Double> m = card.featureMeans() == null ? Map.of() : card.featureMeans();
        for (int j = 0; j < featureNames.length; j++) {
            means[j] = m.getOrDefault(featureNames[j], 0.0);
            avg += weights[j] * means[j];
        }
        this.averageLogOdds = avg;
    }

    public ModelCard card() {
        return card;
    }

    public FeatureEncoding encoding() {
        return card.features();
    }

    /** Encodes and scores one lead, with the top {@code topK} reasons. */
    public Score score(LeadRecord lead, int topK) {
        FeatureVector v = encoder.encode(lead);
        double p = probability(v.values());
        return new Score(p, Score.of(p), tierOf(p), logOdds(p), reasons(lead, v.values(), topK), v.warnings());
    }

    /** The conversion probability of one lead (no reasons), for scoring many leads. */
    public double probability(LeadRecord lead) {
        return probability(encoder.encode(lead).values());
    }

    public Tier tierOf(double probability) {
        return Tier.of(probability, card.tiers().warmFrom(), card.tiers().hotFrom());
    }

    /** The model's probability of conversion for an encoded feature vector. */
    public double probability(double[] x) {
        ArrayExample<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, x);
        Prediction<Label> p = model.predict(example);
        Map<String, Label> scores = p.getOutputScores();
        Label pos = scores.get(POSITIVE);
        return pos == null ? 0.0 : pos.getScore();
    }

    /**
     * The log-odds of the average training lead (all encoded features at their training means).
     * For a linear model, this plus the contributions of all reasons is the lead's log-odds.
     */
    public double averageLogOdds() {
        return averageLogOdds;
    }

    private List<Reason> reasons(LeadRecord lead, double[] x, int topK) {
        List<InputFeature> inputs = card.features().inputs();
        double[] byInput = new double[inputs.size()];
        for (int j = 0; j < x.length; j++) {
            byInput[card.features().inputOf(j)] += weights[j] * (x[j] - means[j]);
        }
        List<Reason> all = new ArrayList<>(inputs.size());
        Map<String, String> descriptions = card.descriptions() == null ? Map.of() : card.descriptions();
        for (int i = 0; i < inputs.size(); i++) {
            String name = inputs.get(i).name();
            all.add(new Reason(name, lead.get(name), byInput[i], descriptions.getOrDefault(name, name)));
        }
        all.sort(Comparator.comparingDouble((Reason r) -> -Math.abs(r.contribution())).thenComparing(Reason::feature));
        return all.subList(0, Math.min(topK, all.size()));
    }

    private static double logOdds(double p) {
        double q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
        return Math.log(q / (1 - q));
    }
}
