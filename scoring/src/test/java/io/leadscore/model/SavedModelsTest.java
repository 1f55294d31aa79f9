package io.leadscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models saved by earlier leadscore versions load and score as they did then: the figures in
 * {@code fixtures/models-0.1.0/expected.json} were recorded with the code that trained them.
 */
class SavedModelsTest {
    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/models-0.1.0");
    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest
    @ValueSource(strings = {"logistic", "xgboost"})
    void aModelSavedBeforeScoresAsItDidThen(String algorithm) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Map<String, Object>> leads = json.readValue(FIXTURE.resolve("leads.json").toFile(), new TypeReference<>() { });
        JsonNode expected = json.readTree(FIXTURE.resolve("expected.json").toFile()).get(algorithm);
        ConversionModel model = ModelDirectory.load(FIXTURE.resolve(algorithm));
        assertEquals(leads.size(), expected.size());
        for (int i = 0; i < leads.size(); i++) {
            Map<String, Object> lead = leads.get(i);
            JsonNode e = expected.get(i);
            Score s = model.score(lead::get, 3);
            String which = algorithm + " lead " + i;
            assertEquals(e.get("probability").asDouble(), s.probability(), TOLERANCE, which);
            assertEquals(e.get("raw_probability").asDouble(), model.rawProbability(lead::get), TOLERANCE, which);
            assertEquals(e.get("base_log_odds").asDouble(), s.baseLogOdds(), TOLERANCE, which);
            assertEquals(e.get("log_odds").asDouble(), s.logOdds(), TOLERANCE, which);
            assertEquals(e.get("tier").asText(), s.tier().toString(), which);
            assertEquals(e.get("reasons").size(), s.reasons().size(), which);
            for (int r = 0; r < s.reasons().size(); r++) {
                assertEquals(e.get("reasons").get(r).get("feature").asText(), s.reasons().get(r).feature(), which + " reason " + r);
                assertEquals(e.get("reasons").get(r).get("contribution").asDouble(), s.reasons().get(r).contribution(), TOLERANCE,
                        which + " reason " + r);
            }
        }
    }
}
