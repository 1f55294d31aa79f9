package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.TinyModels;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.PredictionRecord;
import io.leadscore.serving.lifecycle.ModelHolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift per field in the live panel's figures ({@code GET /dashboard/api/live}), against a real
 * server on a free port that logs its predictions to a real feedback store: leads drawn as the
 * training leads were are stable; leads that all come from one source shift that field, and only it.
 */
class DriftServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** A running server on a model directory, logging to its own feedback store. */
    private record Running(LeadscoreServer server, FeedbackStore feedback, String base) implements AutoCloseable {
        static Running start(Path model, Path feedbackFile) {
            ModelHolder holder = new ModelHolder(source -> ServeCommand.load(Path.of(source), null));
            assertNull(holder.offer(model.toString(), ModelHolder.Role.CHAMPION));
            FeedbackStore feedback = FeedbackStore.open(feedbackFile);
            LeadscoreServer s = LeadscoreServer.start(ServerConfig.builder(holder).feedback(feedback).build());
            return new Running(s, feedback, "http://127.0.0.1:" + s.port());
        }

        HttpResponse<String> send(String method, String path, String body) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Posts {@code n} leads drawn like the training leads (seeded), each changed by {@code change}. */
        void postLeads(int n, long seed, UnaryOperator<Map<String, Object>> change) throws Exception {
            SplittableRandom rnd = new SplittableRandom(seed);
            ArrayNode leads = JSON.createArrayNode();
            for (int i = 0; i < n; i++) {
                ObjectNode lead = JSON.valueToTree(change.apply(TinyModels.lead(rnd)));
                leads.add(lead.put("lead_id", "D" + seed + "-" + i));
            }
            HttpResponse<String> r = send("POST", "/v1/predict/batch", JSON.createObjectNode().set("leads", leads).toString());
            assertEquals(200, r.statusCode(), r.body());
        }

        JsonNode drift() throws Exception {
            HttpResponse<String> r = send("GET", "/dashboard/api/live", null);
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body()).get("drift");
        }

        @Override
        public void close() {
            server.close();
            feedback.close();
        }
    }

    @Test
    void leadsLikeTheTrainingLeadsAreStableAndOneShiftedFieldIsFlaggedAlone() throws Exception {
        Path model = TinyModels.write(dir);
        try (Running s = Running.start(model, dir.resolve("feedback.db"))) {
            JsonNode none = s.drift();
            assertEquals(0, none.get("features").size());
            assertTrue(none.get("unavailable").asText().startsWith("No predictions of the served model"), none.toString());

            s.postLeads(2_000, 2026, lead -> lead);
            JsonNode stable = s.drift();
            assertEquals("logistic-tiny", stable.get("model_version").asText());
            assertEquals(7, stable.get("window_days").asInt());
            assertEquals(2_000, stable.get("predictions").asLong());
            assertTrue(stable.get("unavailable").isNull());
            assertEquals(5, stable.get("features").size(), "one row per model input");
            for (JsonNode f : stable.get("features")) {
                assertTrue(f.get("psi").asDouble() < 0.1, f.toString());
                assertEquals("stable", f.get("verdict").asText(), f.toString());
                assertEquals(2_000, f.get("predictions").asLong());
            }
            assertEquals("Views of the pricing page", find(stable, "pricing_page_views").get("description").asText(), "the card's business words");

            s.postLeads(2_000, 7, lead -> {
                lead.put("source", "event");
                return lead;
            });
            JsonNode shifted = s.drift();
            assertEquals(4_000, shifted.get("predictions").asLong());
            System.out.println("drift after the shift: " + shifted);
            JsonNode worst = shifted.get("features").get(0);
            assertEquals("source", worst.get("feature").asText(), "worst first: " + shifted);
            assertTrue(worst.get("psi").asDouble() > 0.25, worst.toString());
            assertEquals("shifted", worst.get("verdict").asText());
            double previous = worst.get("psi").asDouble();
            for (JsonNode f : List.of(shifted.get("features").get(1), shifted.get("features").get(2), shifted.get("features").get(3),
                    shifted.get("features").get(4))) {
                assertTrue(f.get("psi").asDouble() < 0.1, "the other fields stay stable: " + f);
                assertTrue(f.get("psi").asDouble() <= previous, "sorted worst first");
                previous = f.get("psi").asDouble();
            }

            List<PredictionRecord> logged = s.feedback().predictions();
            assertEquals(4_000, logged.size());
            PredictionRecord last = logged.get(logged.size() - 1);
            assertEquals(5, last.bins().length, "one bin per input, no values");
            int sourceInput = ModelDirectory.load(model).encoding().inputs().stream().map(in -> in.name()).toList().indexOf("source");
            assertEquals(List.of(TinyModels.SOURCES).stream().sorted().toList().indexOf("event"), last.bins()[sourceInput],
                    "the source bin of the shifted leads is the level 'event'");
        }
    }

    @Test
    void aModelTrainedBeforeCardsHadProfilesSaysWhyThereIsNoDrift() throws Exception {
        Path model = TinyModels.write(dir);
        Path card = model.resolve(ModelDirectory.CARD_FILE);
        Files.writeString(card, ((ObjectNode) JSON.readTree(card.toFile())).without("feature_profiles").toString());
        try (Running s = Running.start(model, dir.resolve("feedback.db"))) {
            s.postLeads(50, 1, lead -> lead);
            JsonNode live = JSON.readTree(s.send("GET", "/dashboard/api/live", null).body());
            assertEquals(50, live.get("predictions").asLong(), "predictions are still logged");
            JsonNode drift = live.get("drift");
            assertEquals(0, drift.get("features").size());
            assertTrue(drift.get("unavailable").asText().contains("was trained before leadscore recorded"), drift.toString());
            assertNull(s.feedback().predictions().get(0).bins());
        }
    }

    @Test
    void aServerThatLogsNothingAnswersTheLiveApiWithA404() throws Exception {
        try (LeadscoreServer s = LeadscoreServer.start(ModelDirectory.load(TinyModels.write(dir)), null, "127.0.0.1", 0)) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/dashboard/api/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode());
            assertTrue(JSON.readTree(r.body()).get("error").asText().contains("--feedback"), r.body());
        }
    }

    private static JsonNode find(JsonNode drift, String feature) {
        for (JsonNode f : drift.get("features")) {
            if (f.get("feature").asText().equals(feature)) {
                return f;
            }
        }
        throw new AssertionError("no drift row for " + feature + ": " + drift);
    }
}
