package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.data.DataException;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureDefinitionsParser;
import io.leadscore.featurestore.FeatureValues;
import io.leadscore.featurestore.PointInTimeFeatures;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelCard;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.TinyModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature store on the serving side: no Parquet needed, definitions carried by the model directory, clear refusals. */
class FeatureStoreServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theTransformRunsWithoutParquetOrHadoopOnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.parquet.hadoop.ParquetReader"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.hadoop.fs.Path"));
        FeatureDefinitions defs = FeatureDefinitionsParser.parse(Path.of("..", "features", "features.yaml"));
        FeatureValues v = new PointInTimeFeatures(defs).compute(Map.<String, Object>of("job_level", "vp")::get, List.of(), 1_700_000_000_000L);
        assertEquals(4.0, v.get("authority_rank"));
        assertEquals(0.0, v.get("visits_30d"));
    }

    @Test
    void theModelDirectoryCarriesItsDefinitionsAndRefusesAnEditedCopy() throws Exception {
        Path tiny = TinyModels.write(dir.resolve("a"));
        ConversionModel m = ModelDirectory.load(tiny);
        assertNull(ModelDirectory.featureDefinitions(tiny, m.card()), "a model trained on ready-made columns has none");
        Path yaml = dir.resolve("features.yaml");
        Files.writeString(yaml, "features:\n  - { name: source, kind: attribute, column: source, description: d, owner: o }\n");
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(yaml)));
        ModelCard card = m.card().withFeatureDefinitions(new ModelCard.FeatureSource(ModelDirectory.FEATURES_FILE, yaml.toString(), sha, "t",
                List.of("source")));
        Path withDefs = dir.resolve("b");
        var model = org.tribuo.Model.deserializeFromFile(tiny.resolve(ModelDirectory.MODEL_FILE));
        @SuppressWarnings("unchecked")
        var labelModel = (org.tribuo.Model<org.tribuo.classification.Label>) model;
        ModelDirectory.save(withDefs, labelModel, card, yaml, Map.of());
        ConversionModel loaded = ModelDirectory.load(withDefs);
        assertEquals(List.of("source"), ModelDirectory.featureDefinitions(withDefs, loaded.card()).names());
        Files.writeString(withDefs.resolve(ModelDirectory.FEATURES_FILE), "features: []\n");
        DataException e = assertThrows(DataException.class, () -> ModelDirectory.featureDefinitions(withDefs, loaded.card()));
        assertTrue(e.getMessage().contains("changed since training"), e.getMessage());
    }

    @Test
    void eventsSentToAModelWithoutDefinitionsAreA400() throws Exception {
        ConversionModel m = ModelDirectory.load(TinyModels.write(dir));
        try (LeadscoreServer server = LeadscoreServer.start(m, null, "127.0.0.1", 0)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"events\": [{\"ts\": 1, \"type\": \"visit\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            JsonNode e = JSON.readTree(r.body());
            assertEquals("$.events", e.at("/errors/0/path").asText());
            assertTrue(e.at("/errors/0/message").asText().contains("trained without feature definitions"), r.body());
            HttpResponse<String> reload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/v1/online-store/reload")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, reload.statusCode());
            assertEquals("this server has no online store", JSON.readTree(reload.body()).get("error").asText());
        }
    }
}
