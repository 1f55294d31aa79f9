package io.leadscore.training;

import de.bwaldvogel.liblinear.FeatureNode;
import io.leadscore.model.ConversionModel;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.common.liblinear.LibLinearModel;
import org.tribuo.common.liblinear.LibLinearTrainer;
import org.tribuo.provenance.ModelProvenance;

/**
 * L2-regularised logistic regression (LibLinear's {@code L2R_LR}) fitted straight from an
 * {@link EncodedMatrix}: the same solver, parameters and Tribuo model as Tribuo's LibLinear trainer,
 * but LibLinear gets only each lead's non-zero features (one-hot inputs are mostly zeros) and no
 * Tribuo example is made. The result is a standard {@link LibLinearClassificationModel}.
 */
final class LogisticTrainer extends LibLinearClassificationTrainer {

    LogisticTrainer(double c, int maxIterations, double epsilon) {
        super(new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), c, maxIterations, epsilon);
    }

    /** Fits the rows at {@code positions}. */
    Model<Label> train(EncodedMatrix matrix, int[] positions) {
        MatrixDataset dataset = new MatrixDataset(matrix, positions);
        ImmutableFeatureMap features = dataset.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputs = dataset.getOutputIDInfo();
        int pos = outputs.getID(new Label(ConversionModel.POSITIVE));
        int neg = outputs.getID(new Label(ConversionModel.NEGATIVE));
        double[][] y = new double[1][positions.length];
        FeatureNode[][] x = new FeatureNode[positions.length][];
        for (int i = 0; i < positions.length; i++) {
            y[0][i] = matrix.y()[positions[i]] == 1 ? pos : neg;
            x[i] = nodes(matrix, positions[i]);
        }
        ModelProvenance provenance = new ModelProvenance(LibLinearModel.class.getName(), OffsetDateTime.now(), dataset.getProvenance(),
                getProvenance(), Map.of());
        List<de.bwaldvogel.liblinear.Model> models;
        // LibLinear's random state is global: Tribuo's trainers serialise on this lock too
        synchronized (LibLinearTrainer.class) {
            models = trainModels(setupParameters(outputs), features.size() + 1, x, y);
        }
        return createModel(provenance, features, outputs, models);
    }

    /** A row's non-zero features (LibLinear indexes from 1, in column order) and Tribuo's bias feature. */
    static FeatureNode[] nodes(EncodedMatrix matrix, int row) {
        int cols = matrix.columns();
        int nonZero = 0;
        for (int c = 0; c < cols; c++) {
            if (matrix.get(row, c) != 0f) {
                nonZero++;
            }
        }
        FeatureNode[] out = new FeatureNode[nonZero + 1];
        int k = 0;
        for (int c = 0; c < cols; c++) {
            float v = matrix.get(row, c);
            if (v != 0f) {
                out[k++] = new FeatureNode(c + 1, v);
            }
        }
        out[k] = new FeatureNode(cols + 1, 1.0);
        return out;
    }
}
