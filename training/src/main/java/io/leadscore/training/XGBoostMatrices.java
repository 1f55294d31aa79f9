package io.leadscore.training;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;

/**
 * Tribuo examples as an XGBoost sparse matrix, built the way Tribuo's XGBoost trainer builds it
 * (every feature the model knows, zeros included, columns by Tribuo feature id), so that scoring a
 * booster directly (e.g. at a limited number of rounds) sees exactly what Tribuo's model sees.
 */
final class XGBoostMatrices {
    private XGBoostMatrices() {
    }

    static DMatrix of(List<Example<Label>> examples, ImmutableFeatureMap features) {
        List<Long> headers = new ArrayList<>(examples.size() + 1);
        List<Integer> cols = new ArrayList<>();
        List<Float> vals = new ArrayList<>();
        headers.add(0L);
        for (Example<Label> ex : examples) {
            TreeMap<Integer, Float> row = new TreeMap<>();
            for (Feature f : ex) {
                int id = features.getID(f.getName());
                if (id > -1) {
                    row.put(id, (float) f.getValue());
                }
            }
            row.forEach((id, v) -> {
                cols.add(id);
                vals.add(v);
            });
            headers.add((long) cols.size());
        }
        try {
            return new DMatrix(headers.stream().mapToLong(Long::longValue).toArray(), cols.stream().mapToInt(Integer::intValue).toArray(),
                    toFloats(vals), DMatrix.SparseType.CSR, features.size());
        } catch (XGBoostError e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] toFloats(List<Float> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }
}
