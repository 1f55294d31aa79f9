package io.leadscore.training;

import io.leadscore.data.Table;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.model.ConversionModel;
import java.time.OffsetDateTime;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Fits an L2-regularised logistic regression with Tribuo's LibLinear trainer on encoded features.
 * LibLinear's solver is deterministic and converges, so the same data and seed give the same model.
 */
public final class LogisticTrainer {
    /** Inverse regularisation strength (LibLinear's C). */
    public static final double COST = 1.0;
    /** Solver stopping tolerance. */
    public static final double EPSILON = 1e-4;
    /** Solver iteration cap. */
    public static final int MAX_ITERATIONS = 1000;

    private final long seed;

    public LogisticTrainer(long seed) {
        this.seed = seed;
    }

    /** The training parameters, for the model card. */
    public Map<String, Object> parameters() {
        return Map.of("solver", "liblinear L2R_LR", "C", COST, "epsilon", EPSILON, "max_iterations", MAX_ITERATIONS);
    }

    /** Trains on the given rows of {@code table}, encoded by {@code encoder}. */
    public Model<Label> fit(Table table, int[] rows, int[] y, FeatureEncoder encoder) {
        LabelFactory factory = new LabelFactory();
        String[] names = encoder.encoding().featureNames();
        Label pos = new Label(ConversionModel.POSITIVE);
        Label neg = new Label(ConversionModel.NEGATIVE);
        java.util.List<org.tribuo.Example<Label>> examples = new java.util.ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            double[] x = encoder.encode(table.row(rows[i])).values();
            examples.add(new ArrayExample<>(y[i] == 1 ? pos : neg, names, x));
        }
        var provenance = new SimpleDataSourceProvenance(table.source(), OffsetDateTime.parse("2000-01-01T00:00:00Z"), factory);
        MutableDataset<Label> dataset = new MutableDataset<>(new ListDataSource<>(examples, factory, provenance));
        var trainer = new LibLinearClassificationTrainer(
                new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), COST, MAX_ITERATIONS, EPSILON, seed);
        return trainer.train(dataset);
    }
}
