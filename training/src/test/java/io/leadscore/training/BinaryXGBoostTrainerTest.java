package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.model.RankingMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

class BinaryXGBoostTrainerTest {
    @TempDir
    static Path dir;
    static EncodedMatrix train;
    static EncodedMatrix holdout;

    @BeforeAll
    static void encode() {
        GeneratedSplit g = GeneratedSplit.of(dir, 5, 4000);
        train = g.train();
        holdout = g.holdout();
    }

    private static Model<Label> fit(int trees, int depth) {
        return new BinaryXGBoostTrainer(trees, 0.2, depth, 1.0, 1.0, 1.0, 1.0, 2, 7).train(train, train.all());
    }

    @Test
    void growsOneTreePerRoundWithinTheGivenDepth() {
        XGBoostModel<Label> shallow = (XGBoostModel<Label>) fit(12, 1);
        String[] dump = shallow.getModelDump().get(0);
        assertEquals(12, dump.length, "one tree per round (binary:logistic), not one per class");
        for (String tree : dump) {
            assertTrue(tree.lines().allMatch(l -> !l.startsWith("\t\t")), "depth 1: a root and two leaves\n" + tree);
        }
        double[] p1 = Trainers.probabilities(shallow, holdout);
        double[] p4 = Trainers.probabilities(fit(12, 4), holdout);
        assertNotEquals(Arrays.toString(p1), Arrays.toString(p4), "max_depth reaches XGBoost");
        assertTrue(RankingMetrics.auc(p4, holdout.y()) > 0.75, "learns: AUC " + RankingMetrics.auc(p4, holdout.y()));
    }

    @Test
    void aSavedModelPredictsTheSameProbabilitiesForBothLabels() throws Exception {
        Model<Label> m = fit(20, 3);
        Path file = dir.resolve("m.tribuo");
        m.serializeToFile(file);
        Model<?> loaded = Model.deserializeFromFile(file);
        assertTrue(Files.size(file) > 0);
        @SuppressWarnings("unchecked")
        Model<Label> back = (Model<Label>) loaded;
        double[] before = Trainers.probabilities(m, holdout);
        double[] after = Trainers.probabilities(back, holdout);
        assertEquals(Arrays.toString(before), Arrays.toString(after));
        var prediction = back.predict(new org.tribuo.impl.ArrayExample<>(new Label("0"), holdout.columnNames(), row(holdout, 0)));
        Map<String, Label> scores = prediction.getOutputScores();
        assertEquals(1.0, scores.get("0").getScore() + scores.get("1").getScore(), 1e-6);
        assertEquals(before[0], scores.get("1").getScore(), 0);
    }

    private static double[] row(EncodedMatrix m, int r) {
        double[] x = new double[m.columns()];
        for (int c = 0; c < x.length; c++) {
            x[c] = m.get(r, c);
        }
        return x;
    }

    @Test
    void sameDataAndSeedGiveTheSameModel() {
        assertEquals(Arrays.toString(Trainers.probabilities(fit(15, 3), holdout)), Arrays.toString(Trainers.probabilities(fit(15, 3), holdout)));
    }
}
