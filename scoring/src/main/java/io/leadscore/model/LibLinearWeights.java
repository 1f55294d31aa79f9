package io.leadscore.model;

import io.leadscore.data.DataException;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;

/**
 * The weights of a LibLinear logistic model, read from the model itself
 * ({@link LibLinearClassificationModel#getInnerModels()}): LibLinear keeps one weight per Tribuo
 * feature id for its first label, then the weight of the bias feature (value 1) that Tribuo appends
 * to every example. Turned into log-odds of conversion ({@link ConversionModel#POSITIVE}) over the
 * card's encoded features; a feature Tribuo never saw in training weighs 0, as Tribuo ignores it.
 */
final class LibLinearWeights {
    /** The value of the bias feature Tribuo appends to every example. */
    private static final double BIAS_VALUE = 1.0;

    private LibLinearWeights() {
    }

    /**
     * @param model a two-class LibLinear model
     * @param featureNames the card's encoded features, in order
     * @param means the training mean of each encoded feature
     */
    static LinearFunction of(LibLinearClassificationModel model, String[] featureNames, double[] means, String modelVersion) {
        de.bwaldvogel.liblinear.Model inner = model.getInnerModels().get(0);
        if (inner.getNrClass() != 2) {
            throw new DataException(modelVersion, "the linear model has " + inner.getNrClass() + " classes, not 2");
        }
        double[] w = inner.getFeatureWeights();
        // LibLinear uses node index i (1-based) only while i <= n; its bias column counts when bias >= 0
        int n = inner.getBias() >= 0 ? inner.getNrFeature() + 1 : inner.getNrFeature();
        String first = model.getOutputIDInfo().getOutput(inner.getLabels()[0]).getLabel();
        // P(first label) = sigmoid(w·x): the log-odds of conversion are w·x or −w·x
        double sign = ConversionModel.POSITIVE.equals(first) ? 1.0 : -1.0;
        ImmutableFeatureMap ids = model.getFeatureIDMap();
        double[] weights = new double[featureNames.length];
        for (int j = 0; j < featureNames.length; j++) {
            int id = ids.getID(featureNames[j]);
            weights[j] = id >= 0 && id + 1 <= n ? sign * w[id] : 0.0;
        }
        int bias = ids.size();
        double intercept = bias + 1 <= n ? sign * w[bias] * BIAS_VALUE : 0.0;
        return new LinearFunction(intercept, weights, means);
    }
}
