package io.leadscore.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * The scoring function of gradient-boosted trees in a Tribuo XGBoost model, scored by the booster
 * directly, with exact TreeSHAP reasons computed natively by XGBoost ({@code predictContrib}). With
 * the {@code binary:logistic} objective (leadscore's trainer) the booster's margin is the log-odds of
 * conversion; with Tribuo's two-class softmax it is the positive class's margin minus the negative
 * class's, and so are the contributions and the base (XGBoost's expected margin, i.e. the average
 * lead).
 */
final class XGBoostFunction implements ScoringFunction {
    private final Booster booster;
    private final int numFeatures;
    private final int positive;
    private final int negative;
    /** The card's feature index of each column the booster knows, in increasing booster id order. */
    private final int[] columnsByBoosterId;
    private final int[] boosterIds;
    private final int inputLength;

    XGBoostFunction(XGBoostModel<Label> model, String[] featureNames) {
        List<Booster> boosters = model.getInnerModels();
        if (boosters.size() != 1) {
            throw new IllegalArgumentException("expected one booster, found " + boosters.size());
        }
        this.booster = boosters.get(0);
        ImmutableFeatureMap map = model.getFeatureIDMap();
        this.numFeatures = map.size();
        this.inputLength = featureNames.length;
        // Tribuo passes exactly the features the model knows, as one sparse row with increasing ids.
        this.columnsByBoosterId = IntStream.range(0, featureNames.length)
                .filter(j -> map.get(featureNames[j]) != null)
                .boxed()
                .sorted((a, b) -> Integer.compare(map.getID(featureNames[a]), map.getID(featureNames[b])))
                .mapToInt(Integer::intValue)
                .toArray();
        this.boosterIds = IntStream.of(columnsByBoosterId).map(j -> map.getID(featureNames[j])).toArray();
        Map<String, Integer> labels = new HashMap<>();
        model.getOutputIDInfo().getDomain().forEach(l -> labels.put(l.getLabel(), model.getOutputIDInfo().getID(l)));
        this.positive = labels.getOrDefault(ConversionModel.POSITIVE, -1);
        this.negative = labels.getOrDefault(ConversionModel.NEGATIVE, -1);
        if (positive < 0 || negative < 0 || labels.size() != 2) {
            throw new IllegalArgumentException("expected a two-class model with labels 0 and 1, found " + labels.keySet());
        }
    }

    @Override
    public double probability(double[] x) {
        try {
            DMatrix m = row(x);
            try {
                float[] p = booster.predict(m)[0];
                return p.length == 1 ? p[0] : p[positive];
            } finally {
                m.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not score a lead: " + e.getMessage(), e);
        }
    }

    @Override
    public double explain(double[] x, double[] contributions) {
        try {
            DMatrix m = row(x);
            try {
                float[] c = booster.predictContrib(m, 0)[0];
                int stride = numFeatures + 1;
                boolean binary = c.length == stride;
                java.util.Arrays.fill(contributions, 0.0);
                for (int k = 0; k < columnsByBoosterId.length; k++) {
                    int id = boosterIds[k];
                    contributions[columnsByBoosterId[k]] = binary ? c[id] : (double) c[positive * stride + id] - c[negative * stride + id];
                }
                return binary ? c[numFeatures] : (double) c[positive * stride + numFeatures] - c[negative * stride + numFeatures];
            } finally {
                m.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not explain a prediction: " + e.getMessage(), e);
        }
    }

    /** One sparse CSR row holding exactly the features Tribuo would pass: those the model knows. */
    private DMatrix row(double[] x) throws XGBoostError {
        if (x.length != inputLength) {
            throw new IllegalArgumentException(x.length + " features for a model of " + inputLength);
        }
        int nnz = columnsByBoosterId.length;
        float[] vals = new float[nnz];
        for (int k = 0; k < nnz; k++) {
            vals[k] = (float) x[columnsByBoosterId[k]];
        }
        return new DMatrix(new long[] {0, nnz}, boosterIds.clone(), vals, DMatrix.SparseType.CSR, numFeatures);
    }
}
