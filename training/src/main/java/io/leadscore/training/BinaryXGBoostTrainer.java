package io.leadscore.training;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import io.leadscore.model.BinaryLogisticConverter;
import io.leadscore.model.ConversionModel;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * Gradient-boosted trees for a yes/no outcome, on Tribuo's XGBoost: the same parameters as
 * Tribuo's {@code XGBoostClassificationTrainer}, but with XGBoost's {@code binary:logistic}
 * objective, so one tree grows per round (Tribuo's classification trainer always uses
 * {@code multi:softprob}, i.e. one tree per class per round: twice the work for two classes), and
 * with the dataset copied into XGBoost as one dense matrix (every encoded lead has every feature)
 * rather than element by element. The result is a standard Tribuo {@code XGBoostModel} whose
 * {@link BinaryLogisticConverter} maps the single output to the labels "0" and "1".
 * See bench/training/README.md for the time this saves.
 */
public final class BinaryXGBoostTrainer extends XGBoostTrainer<Label> {

    public BinaryXGBoostTrainer(int trees, double eta, int maxDepth, double minChildWeight, double subsample, double colsample,
                         double lambda, int threads, long seed) {
        super(BoosterType.GBTREE, TreeMethod.HIST, trees, eta, 0.0, maxDepth, minChildWeight, subsample, colsample, lambda, 0.0,
                threads, LoggingVerbosity.SILENT, seed);
        postConfig();
    }

    /** Fills XGBoost's parameter map from the fields (Tribuo's trainers do this in their constructors). */
    @Override
    public void postConfig() {
        super.postConfig();
        parameters.put("objective", "binary:logistic");
    }

    @Override
    public Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public synchronized Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        if (invocationCount != INCREMENT_INVOCATION_COUNT) {
            setInvocationCount(invocationCount);
        }
        requireBothLabels(examples);
        try {
            return fit(denseMatrix(examples, examples.getFeatureIDMap()), examples, runProvenance);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to train: " + e.getMessage(), e);
        }
    }

    /**
     * Fits the rows at {@code positions} of an encoded matrix, handed to XGBoost as one dense
     * matrix without Tribuo examples; the same model as {@link #train(Dataset)} on those rows' examples.
     */
    public synchronized Model<Label> train(EncodedMatrix data, int[] positions) {
        MatrixDataset dataset = new MatrixDataset(data, positions);
        requireBothLabels(dataset);
        try {
            return fit(data.dmatrix(positions), dataset, Map.of());
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed to train: " + e.getMessage(), e);
        }
    }

    private static void requireBothLabels(Dataset<Label> examples) {
        ImmutableOutputInfo<Label> outputs = examples.getOutputIDInfo();
        if (outputs.size() != 2 || outputs.getID(new Label(ConversionModel.POSITIVE)) < 0) {
            throw new IllegalArgumentException("binary:logistic needs the two labels 0 and 1, found " + outputs.getDomain());
        }
    }

    /** Boosts on {@code matrix} (then disposed), whose rows and columns are those of {@code examples}. */
    private Model<Label> fit(DMatrix matrix, Dataset<Label> examples, Map<String, Provenance> runProvenance) throws XGBoostError {
        TrainerProvenance trainerProvenance = getProvenance();
        trainInvocationCounter++;
        try {
            Booster booster = XGBoost.train(matrix, new HashMap<>(parameters), numTrees, Map.of(), null, null);
            ModelProvenance provenance = new ModelProvenance(org.tribuo.common.xgboost.XGBoostModel.class.getName(), OffsetDateTime.now(),
                    examples.getProvenance(), trainerProvenance, runProvenance);
            return createModel("binary-xgboost", provenance, examples.getFeatureIDMap(), examples.getOutputIDInfo(), List.of(booster),
                    new BinaryLogisticConverter());
        } finally {
            matrix.dispose();
        }
    }

    /**
     * The examples as a dense row-major matrix, columns by Tribuo feature id, with the label 1 for a
     * conversion. A feature an example lacks is missing (NaN), as in Tribuo's sparse conversion.
     */
    static DMatrix denseMatrix(Iterable<Example<Label>> examples, ImmutableFeatureMap features) throws XGBoostError {
        int cols = features.size();
        int rows = 0;
        for (Example<Label> ignored : examples) {
            rows++;
        }
        float[] data = new float[Math.multiplyExact(rows, cols)];
        java.util.Arrays.fill(data, Float.NaN);
        float[] labels = new float[rows];
        // Encoded examples share one list of feature names: look their ids up once.
        String[] lastNames = new String[0];
        int[] lastIds = new int[0];
        int r = 0;
        for (Example<Label> ex : examples) {
            labels[r] = ConversionModel.POSITIVE.equals(ex.getOutput().getLabel()) ? 1f : 0f;
            int k = 0;
            if (lastNames.length != ex.size()) {
                lastNames = new String[ex.size()];
                lastIds = new int[ex.size()];
            }
            int base = r * cols;
            for (Feature f : ex) {
                String name = f.getName();
                if (lastNames[k] != name) {
                    lastNames[k] = name;
                    lastIds[k] = features.getID(name);
                }
                if (lastIds[k] >= 0) {
                    data[base + lastIds[k]] = (float) f.getValue();
                }
                k++;
            }
            r++;
        }
        DMatrix m = new DMatrix(data, rows, cols, Float.NaN);
        m.setLabel(labels);
        return m;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }
}
