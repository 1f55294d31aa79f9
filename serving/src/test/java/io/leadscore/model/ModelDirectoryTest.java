package io.leadscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void savedModelLoadsAndExplainsItselfExactly(boolean trees) {
        ConversionModel m = ModelDirectory.load(TinyModels.write(dir, trees));
        Map<String, Object> lead = Map.of("source", "referral", "job_level", "vp", "pricing_page_views", 3.0, "demo_requested", true, "email_clicks", 1.0);
        Score s = m.score(lead::get, Integer.MAX_VALUE);
        double sum = s.baseLogOdds();
        for (Reason r : s.reasons()) {
            sum += r.contribution();
        }
        assertEquals(s.logOdds(), sum, 1e-9, "average log-odds + contributions = log-odds");
        double p = s.probability();
        assertEquals(Math.log(p / (1 - p)), s.logOdds(), trees ? 1e-5 : 1e-9, "the explained log-odds are the model's (Platt-calibrated) log-odds");
        assertEquals(5, s.reasons().size());
        assertTrue(s.probability() > 0.6, "a hot lead: " + s.probability());
        assertEquals("Views of the pricing page", s.reasons().stream().filter(r -> r.feature().equals("pricing_page_views")).findFirst().orElseThrow().description());
        for (int i = 1; i < s.reasons().size(); i++) {
            assertTrue(Math.abs(s.reasons().get(i - 1).contribution()) >= Math.abs(s.reasons().get(i).contribution()), "largest first");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void scoringFunctionReproducesTribuosOwnPredictions(boolean trees) {
        ConversionModel m = ModelDirectory.load(TinyModels.write(dir, trees));
        String[] names = m.encoding().featureNames();
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 500; i++) {
            double[] x = new double[names.length];
            for (int j = 0; j < x.length; j++) {
                // one-hot levels, flags and small counts, as encoded leads have
                x[j] = random.nextInt(4) == 0 ? random.nextInt(12) : random.nextInt(2);
            }
            double tribuo = ConversionModel.tribuoProbability(m.tribuoModel(), names, x);
            assertEquals(tribuo, m.scoringFunction().probability(x), trees ? 1e-7 : 1e-12, "vector " + i);
        }
    }

    @Test
    void corruptModelFileIsRefusedWithAClearError() throws Exception {
        Path model = TinyModels.write(dir);
        Files.write(model.resolve(ModelDirectory.MODEL_FILE), new byte[] {1, 2, 3, 4});
        DataException e = assertThrows(DataException.class, () -> ModelDirectory.load(model));
        assertTrue(e.getMessage().contains("unreadable model"), e.getMessage());
    }

    @Test
    void directoryWithoutACardIsNotAModel() {
        DataException e = assertThrows(DataException.class, () -> ModelDirectory.load(dir));
        assertTrue(e.getMessage().endsWith("not a model directory (no model-card.json)"), e.getMessage());
    }
}
