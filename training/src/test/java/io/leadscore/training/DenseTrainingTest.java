package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.Table;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.RankingMetrics;
import io.leadscore.training.Trainers.Candidate;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The dense path (an {@link EncodedMatrix} straight into the trainers) gives the models training
 * gave before it, when every encoded lead became a Tribuo example in a Tribuo dataset.
 */
class DenseTrainingTest {
    @TempDir
    static Path dir;
    static Table table;
    static Split split;
    static TrainingData data;
    static FeatureEncoder encoder;
    static EncodedMatrix train;
    static EncodedMatrix holdout;

    @BeforeAll
    static void encode() {
        GeneratedSplit g = GeneratedSplit.of(dir, 11, 5000);
        table = g.table();
        data = g.data();
        split = g.split();
        encoder = g.encoder();
        train = g.train();
        holdout = g.holdout();
    }

    /** As training encoded leads before: one Tribuo example of the encoder's doubles per lead. */
    private static List<Example<Label>> examples(int[] rows) {
        String[] names = encoder.encoding().featureNames();
        List<Example<Label>> out = new ArrayList<>();
        for (int r : rows) {
            Label label = new Label(data.y()[r] == 1 ? ConversionModel.POSITIVE : ConversionModel.NEGATIVE);
            out.add(new ArrayExample<>(label, names, encoder.encode(table.row(r)).values()));
        }
        return out;
    }

    /** The matrix's rows (float values) as Tribuo examples. */
    private static List<Example<Label>> matrixExamples(EncodedMatrix m) {
        String[] names = m.columnNames();
        List<Example<Label>> out = new ArrayList<>();
        for (int r = 0; r < m.rows(); r++) {
            double[] x = new double[names.length];
            for (int c = 0; c < x.length; c++) {
                x[c] = m.get(r, c);
            }
            out.add(new ArrayExample<>(new Label(m.y()[r] == 1 ? ConversionModel.POSITIVE : ConversionModel.NEGATIVE), names, x));
        }
        return out;
    }

    private static LibLinearClassificationTrainer liblinear() {
        return new LibLinearClassificationTrainer(new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR),
                1.0, Trainers.MAX_ITERATIONS, Trainers.EPSILON);
    }

    private static MutableDataset<Label> dataset(List<Example<Label>> examples) {
        LabelFactory factory = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, factory,
                new SimpleDataSourceProvenance("leads", OffsetDateTime.parse("2000-01-01T00:00:00Z"), factory)));
    }

    private static double[] tribuoProbabilities(Model<Label> model, List<Example<Label>> examples) {
        return model.predict(examples).stream().mapToDouble(p -> p.getOutputScores().get(ConversionModel.POSITIVE).getScore()).toArray();
    }

    @Test
    void logisticFromTheMatrixIsTribuosLibLinearModel() {
        List<Example<Label>> hold = examples(split.holdout());
        Model<Label> before = liblinear().train(dataset(examples(split.train())));
        Model<Label> sameFloats = liblinear().train(dataset(matrixExamples(train)));
        Model<Label> dense = Trainers.fit(new Candidate("logistic", Map.of("C", 1.0)), train, 1);

        assertEquals(before.getFeatureIDMap().keySet(), dense.getFeatureIDMap().keySet());
        double[] expected = tribuoProbabilities(before, hold);
        double[] same = tribuoProbabilities(sameFloats, hold);
        double[] tribuo = tribuoProbabilities(dense, hold);
        double[] fast = Trainers.probabilities(dense, holdout);
        double[] onFloats = tribuoProbabilities(dense, matrixExamples(holdout));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(same[i], tribuo[i], 1e-12, "lead " + i + ": the same values give the same model");
            // the matrix holds floats (within 1e-7 of the encoder's doubles): the solver stops within its tolerance
            assertEquals(expected[i], tribuo[i], 5e-4, "lead " + i);
            assertEquals(onFloats[i], fast[i], 1e-12, "lead " + i + ": LibLinear on the matrix vs Tribuo's prediction");
        }
        double auc = RankingMetrics.auc(expected, holdout.y());
        assertEquals(auc, RankingMetrics.auc(fast, holdout.y()), 1e-4);
        assertTrue(auc > 0.75, "learns: AUC " + auc);
    }

    @Test
    @SuppressWarnings("unchecked")
    void xgboostFromTheMatrixGrowsTheSameTrees() {
        List<Example<Label>> hold = examples(split.holdout());
        BinaryXGBoostTrainer trainer = new BinaryXGBoostTrainer(30, 0.2, 3, 1.0, 0.8, 0.8, 1.0, 2, 7);
        XGBoostModel<Label> before = (XGBoostModel<Label>) trainer.train(dataset(examples(split.train())));
        XGBoostModel<Label> dense = (XGBoostModel<Label>) new BinaryXGBoostTrainer(30, 0.2, 3, 1.0, 0.8, 0.8, 1.0, 2, 7).train(train, train.all());

        assertArrayEquals(before.getModelDump().get(0), dense.getModelDump().get(0));
        double[] expected = tribuoProbabilities(before, hold);
        assertArrayEquals(expected, tribuoProbabilities(dense, hold), 0);
        assertArrayEquals(expected, Trainers.probabilities(dense, holdout), 1e-7);
    }

    @Test
    void aSubsetOfPositionsFitsAsTheSameRowsEncodedAlone() {
        List<Folds> folds = Folds.stratified(train.y(), 3, 5);
        int[] rows = folds.get(1).train();
        int[] tableRows = java.util.Arrays.stream(rows).map(i -> split.train()[i]).toArray();
        EncodedMatrix alone = EncodedMatrix.encode(table, tableRows, data.labels(tableRows), encoder);
        for (Candidate c : List.of(new Candidate("logistic", Map.of("C", 0.1)), new Candidate("xgboost",
                Map.of("trees", 20, "eta", 0.1, "max_depth", 3, "min_child_weight", 1.0, "subsample", 0.8, "colsample", 1.0, "lambda", 1.0)))) {
            double[] fromPositions = Trainers.probabilities(Trainers.fit(c, train, rows, 3), holdout);
            double[] fromAlone = Trainers.probabilities(Trainers.fit(c, alone, 3), holdout);
            assertArrayEquals(fromAlone, fromPositions, 0, c.algorithm());
        }
        assertArrayEquals(alone.y(), train.y(rows));
    }

    @Test
    void featureMeansAreTheEncodedRowsMeans() {
        String[] names = encoder.encoding().featureNames();
        Map<String, Double> means = train.featureMeans();
        assertEquals(List.of(names), List.copyOf(means.keySet()), "in the encoding's order");
        for (int j = 0; j < names.length; j++) {
            double sum = 0;
            for (int r : split.train()) {
                sum += encoder.encode(table.row(r)).values()[j];
            }
            assertEquals(sum / split.train().length, means.get(names[j]), 1e-12, names[j]);
        }
    }
}
