package io.leadscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.DataException;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.LeadRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model exported from another engine (a {@link ScoringFunction} in {@code scoring-function.json})
 * is saved atomically beside its card, loads without Tribuo, scores exactly as the function it was
 * saved from, and keeps its reasons exact.
 */
class ExportedModelDirectoryTest {
    @TempDir
    Path dir;

    static final LeadRecord LEAD = Map.of("source", "referral", "job_level", "vp", "pricing_page_views", 3.0, "demo_requested", true,
            "email_clicks", 1.0)::get;

    @Test
    void aTreeEnsembleRoundTripsAndExplainsExactly() {
        ModelCard card = ModelDirectory.readCard(TinyModels.write(dir.resolve("tiny")));
        int width = card.features().featureCount();
        // root: pricing_page_views (an encoded feature) <= 0.1; left: a leaf; right: splits on the last feature
        int pricing = List.of(card.features().featureNames()).indexOf("pricing_page_views");
        TreeEnsemble.Tree t = new TreeEnsemble.Tree(1.0, new int[] {pricing, -1, width - 1, -1, -1}, new double[] {0.1, 0, 0.5, 0, 0},
                null, new int[] {1, -1, 3, -1, -1}, new int[] {2, -1, 4, -1, -1}, new double[] {0, -0.4, 0, 0.3, 0.8},
                new double[] {100, 55, 45, 30, 15});
        TreeEnsemble function = new TreeEnsemble(2.0, List.of(t, t));
        Path out = dir.resolve("exported");
        ModelDirectory.save(out, function, card.withEngine(ModelCard.SPARK), null, Map.of());
        assertTrue(Files.isRegularFile(out.resolve(ModelDirectory.FUNCTION_FILE)));
        assertFalse(Files.exists(out.resolve(ModelDirectory.MODEL_FILE)));

        ConversionModel loaded = ModelDirectory.load(out);
        assertNull(loaded.tribuoModel());
        assertEquals(ModelCard.SPARK, loaded.card().engine());
        double[] x = new FeatureEncoder(card.features()).encode(LEAD).values();
        assertEquals(function.probability(x), loaded.rawProbability(LEAD), 0.0);
        Score s = loaded.score(LEAD, 10);
        double logOdds = Calibration.logit(loaded.probability(LEAD));
        assertEquals(logOdds, s.logOdds(), 1e-9, "base + reasons = calibrated log-odds");
    }

    @Test
    void aLinearFunctionRoundTrips() {
        ModelCard card = ModelDirectory.readCard(TinyModels.write(dir.resolve("tiny")));
        int width = card.features().featureCount();
        double[] w = new double[width];
        for (int j = 0; j < width; j++) {
            w[j] = 0.1 * (j + 1) * (j % 2 == 0 ? 1 : -1);
        }
        LinearFunction f = new LinearFunction(-1.25, w, ConversionModel.featureMeans(card));
        Path out = dir.resolve("linear");
        ModelDirectory.save(out, f, card, null, Map.of(ModelDirectory.SCORECARD_FILE, "criteria: []\n"));
        ConversionModel loaded = ModelDirectory.load(out);
        double[] x = new FeatureEncoder(card.features()).encode(LEAD).values();
        assertEquals(f.probability(x), loaded.rawProbability(LEAD), 0.0);
        assertTrue(Files.isRegularFile(out.resolve(ModelDirectory.SCORECARD_FILE)));
    }

    @Test
    void aCorruptOrMismatchedFunctionIsABadModelNotACrash() throws Exception {
        ModelCard card = ModelDirectory.readCard(TinyModels.write(dir.resolve("tiny")));
        Path out = dir.resolve("bad");
        ModelDirectory.save(out, new LinearFunction(0, new double[card.features().featureCount()], ConversionModel.featureMeans(card)), card,
                null, Map.of());
        Files.writeString(out.resolve(ModelDirectory.FUNCTION_FILE), "{\"kind\": \"linear\", \"intercept\": 0, \"weights\": [1, 2]}");
        DataException e = assertThrows(DataException.class, () -> ModelDirectory.load(out));
        assertTrue(e.getMessage().contains(ModelDirectory.FUNCTION_FILE) && e.getMessage().contains("weights"), e.getMessage());
        Files.writeString(out.resolve(ModelDirectory.FUNCTION_FILE), "{\"kind\": \"forest\"}");
        assertThrows(DataException.class, () -> ModelDirectory.load(out));
    }
}
