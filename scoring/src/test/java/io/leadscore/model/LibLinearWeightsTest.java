package io.leadscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;

/** The weights read from a LibLinear model are the model: the same log-odds as Tribuo's own predictions. */
class LibLinearWeightsTest {
    @TempDir
    Path dir;

    @Test
    void weightsReadFromTheModelGiveTribuosPredictions() {
        ConversionModel m = ModelDirectory.load(TinyModels.write(dir));
        String[] names = m.card().features().featureNames();
        LinearFunction f = LibLinearWeights.of((LibLinearClassificationModel) m.tribuoModel(), names, ConversionModel.featureMeans(m.card()), "tiny");
        SplittableRandom rnd = new SplittableRandom(17);
        double[] x = new double[names.length];
        for (int k = 0; k < 200; k++) {
            for (int j = 0; j < x.length; j++) {
                x[j] = rnd.nextDouble() < 0.3 ? 0.0 : rnd.nextDouble(-3, 3);
            }
            x[rnd.nextInt(x.length)] = 1.0; // Tribuo refuses an example without any feature
            double tribuo = Calibration.logit(ConversionModel.tribuoProbability(m.tribuoModel(), names, x));
            assertEquals(tribuo, f.logOdds(x), 1e-9, "lead " + k);
        }
    }

    @Test
    void theyAreWhatProbingWithUnitVectorsFound() {
        // how models were explained before the weights were read: the log-odds of 0 and of each unit vector
        ConversionModel m = ModelDirectory.load(TinyModels.write(dir));
        String[] names = m.card().features().featureNames();
        LinearFunction f = (LinearFunction) m.scoringFunction();
        double[] x = new double[names.length];
        double intercept = Calibration.logit(ConversionModel.tribuoProbability(m.tribuoModel(), names, x));
        assertEquals(intercept, f.intercept(), 1e-12);
        for (int j = 0; j < names.length; j++) {
            x[j] = 1.0;
            double probed = Calibration.logit(ConversionModel.tribuoProbability(m.tribuoModel(), names, x)) - intercept;
            x[j] = 0.0;
            assertEquals(probed, f.weights()[j], 1e-12, names[j]);
        }
    }
}
