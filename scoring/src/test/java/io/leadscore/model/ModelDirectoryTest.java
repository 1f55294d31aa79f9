package io.leadscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void theTopReasonsAreTheLargestContributionsWithTiesByName(boolean trees) {
        ConversionModel m = ModelDirectory.load(TinyModels.write(dir, trees));
        int inputs = m.encoding().inputs().size();
        java.util.Random random = new java.util.Random(29);
        String[][] values = {{"referral", "web", "event"}, {"vp", "manager", "intern"}};
        java.util.Comparator<Reason> order = java.util.Comparator.<Reason>comparingDouble(r -> -Math.abs(r.contribution())).thenComparing(Reason::feature);
        for (int n = 0; n < 300; n++) {
            // missing fields are imputed to the average: contributions of 0, so ties are common
            Map<String, Object> lead = new java.util.HashMap<>();
            if (random.nextBoolean()) {
                lead.put("source", values[0][random.nextInt(3)]);
            }
            if (random.nextBoolean()) {
                lead.put("job_level", values[1][random.nextInt(3)]);
            }
            if (random.nextBoolean()) {
                lead.put("pricing_page_views", (double) random.nextInt(5));
            }
            if (random.nextBoolean()) {
                lead.put("demo_requested", random.nextBoolean());
            }
            if (random.nextBoolean()) {
                lead.put("email_clicks", (double) random.nextInt(3));
            }
            List<Reason> all = new java.util.ArrayList<>(m.score(lead::get, inputs).reasons());
            assertEquals(inputs, all.size());
            all.sort(order);
            for (int k = 0; k <= inputs + 1; k++) {
                assertEquals(all.subList(0, Math.min(k, inputs)), m.score(lead::get, k).reasons(), "top " + k + " of lead " + lead);
            }
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
    void theCardKeepsTheTrainingProfilesAndOldCardsWithoutThemStillLoad() throws Exception {
        Path model = TinyModels.write(dir);
        ConversionModel m = ModelDirectory.load(model);
        List<FeatureProfile> profiles = m.card().featureProfiles();
        assertEquals(m.encoding().inputs().stream().map(in -> in.name()).toList(), profiles.stream().map(FeatureProfile::feature).toList(),
                "one profile per input, in the card's input order");
        for (FeatureProfile p : profiles) {
            assertEquals(1.0, java.util.Arrays.stream(p.shares()).sum(), 1e-9, p.feature());
        }
        FeatureProfile clicks = profiles.stream().filter(p -> p.feature().equals("email_clicks")).findFirst().orElseThrow();
        assertEquals(List.of("at most 0", "over 0 up to 1", "over 1 up to 2", "over 2", "missing"), clicks.bins());
        assertEquals(0.1, clicks.shares()[4], 0.03, "about 10% of the tiny leads have no email_clicks");
        String json = Files.readString(model.resolve(ModelDirectory.CARD_FILE));
        assertTrue(json.contains("\"feature_profiles\""), "snake_case like the rest of the card");
        assertNotNull(m.featureBins());

        ObjectNode card = (ObjectNode) new ObjectMapper().readTree(json);
        card.remove("feature_profiles");
        Files.writeString(model.resolve(ModelDirectory.CARD_FILE), card.toString());
        ConversionModel old = ModelDirectory.load(model);
        assertNull(old.card().featureProfiles());
        assertNull(old.featureBins(), "no profiles, no drift");
        assertEquals(m.probability(Map.of("source", "web", "pricing_page_views", 1.0)::get),
                old.probability(Map.of("source", "web", "pricing_page_views", 1.0)::get), 0, "and it scores as before");

        ObjectNode broken = (ObjectNode) new ObjectMapper().readTree(json);
        ((com.fasterxml.jackson.databind.node.ArrayNode) broken.get("feature_profiles")).remove(0);
        Files.writeString(model.resolve(ModelDirectory.CARD_FILE), broken.toString());
        DataException e = assertThrows(DataException.class, () -> ModelDirectory.load(model));
        assertTrue(e.getMessage().contains("feature_profiles do not match"), e.getMessage());
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
