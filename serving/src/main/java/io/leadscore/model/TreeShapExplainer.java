package io.leadscore.model;

import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * Exact TreeSHAP reasons for gradient-boosted trees, computed natively by XGBoost
 * ({@code predictContrib}). Tribuo trains a two-class softmax, so the log-odds of conversion are the
 * positive class's margin minus the negative class's, and so are the contributions and the base
 * (XGBoost's expected margin, i.e. the average lead).
 */
final class TreeShapExplainer implements Explainer {
    private final Booster booster;
    private final int[] featureIds;
    private final int numFeatures;
    private final int positive;
    private final int negative;

    TreeShapExplainer(XGBoostModel<Label> model, String[] featureNames) {
        List<Booster> boosters = model.getInnerModels();
        if (boosters.size() != 1) {
            throw new IllegalArgumentException("expected one booster, found " + boosters.size());
        }
        this.booster = boosters.get(0);
        ImmutableFeatureMap map = model.getFeatureIDMap();
        this.numFeatures = map.size();
        this.featureIds = new int[featureNames.length];
        for (int j = 0; j < featureNames.length; j++) {
            VariableInfo info = map.get(featureNames[j]);
            featureIds[j] = info == null ? -1 : map.getID(featureNames[j]);
        }
        Map<String, Integer> labels = new java.util.HashMap<>();
        model.getOutputIDInfo().getDomain().forEach(l -> labels.put(l.getLabel(), model.getOutputIDInfo().getID(l)));
        this.positive = labels.getOrDefault(ConversionModel.POSITIVE, -1);
        this.negative = labels.getOrDefault(ConversionModel.NEGATIVE, -1);
        if (positive < 0 || negative < 0 || labels.size() != 2) {
            throw new IllegalArgumentException("expected a two-class model with labels 0 and 1, found " + labels.keySet());
        }
    }

    @Override
    public double explain(double[] x, double[] contributions) {
        // One sparse row holding exactly the features Tribuo would pass: those the model knows.
        int nnz = 0;
        for (int j = 0; j < x.length; j++) {
            if (featureIds[j] >= 0) {
                nnz++;
            }
        }
        long[] rowHeaders = {0, nnz};
        int[] cols = new int[nnz];
        float[] vals = new float[nnz];
        int[] order = new int[nnz];
        int k = 0;
        for (int j = 0; j < x.length; j++) {
            if (featureIds[j] >= 0) {
                order[k++] = j;
            }
        }
        // CSR columns must be increasing
        Integer[] boxed = new Integer[nnz];
        for (int i = 0; i < nnz; i++) {
            boxed[i] = order[i];
        }
        java.util.Arrays.sort(boxed, (a, b) -> Integer.compare(featureIds[a], featureIds[b]));
        for (int i = 0; i < nnz; i++) {
            cols[i] = featureIds[boxed[i]];
            vals[i] = (float) x[boxed[i]];
        }
        try {
            DMatrix m = new DMatrix(rowHeaders, cols, vals, DMatrix.SparseType.CSR, numFeatures);
            try {
                float[] c = booster.predictContrib(m, 0)[0];
                int stride = numFeatures + 1;
                for (int j = 0; j < x.length; j++) {
                    int id = featureIds[j];
                    contributions[j] = id < 0 ? 0.0 : (double) c[positive * stride + id] - c[negative * stride + id];
                }
                return (double) c[positive * stride + numFeatures] - c[negative * stride + numFeatures];
            } finally {
                m.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not explain a prediction: " + e.getMessage(), e);
        }
    }
}
