package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.Score;
import io.leadscore.model.TinyModels;
import io.leadscore.serving.lifecycle.ModelHolder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model directory with segments by {@code source} (as {@code train --segment-by source} writes
 * it) served by a real server: {@code referral} leads by their XGBoost model, {@code event} leads by
 * theirs, {@code website} leads (listed as pooled) and leads of a source never seen by the pooled
 * model, all in one batch; each answer equals scoring the model of its segment directly.
 */
class SegmentServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Path model;
    static LeadscoreServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        model = segmentedDirectory(dir);
        ModelHolder holder = ModelHolder.of(ServeCommand.load(model, null));
        server = LeadscoreServer.start(ServerConfig.builder(holder).host("127.0.0.1").port(0).build());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /**
     * The pooled tiny logistic model at the top; {@code segments/referral} the tiny XGBoost model and
     * {@code segments/event} a copy of the logistic one under another version; the card lists
     * referral and event as served by their own model, website as pooled.
     */
    static Path segmentedDirectory(Path dir) throws Exception {
        Path pooled = TinyModels.write(dir.resolve("tiny"), false);
        Path trees = TinyModels.write(dir.resolve("tiny"), true);
        Path top = dir.resolve("segmented");
        copy(pooled, top, "logistic-pooled");
        copy(trees, top.resolve("segments").resolve("referral"), "xgboost-referral");
        copy(pooled, top.resolve("segments").resolve("event"), "logistic-event");
        ObjectNode card = (ObjectNode) JSON.readTree(top.resolve("model-card.json").toFile());
        ObjectNode segments = card.putObject("segments");
        segments.put("column", "source");
        segments.put("min_positives", 50);
        segments.put("rule", "test");
        ArrayNode values = segments.putArray("values");
        values.addObject().put("value", "referral").put("directory", "segments/referral").put("model_version", "xgboost-referral")
                .put("served_by", "segment").put("reason", "test");
        values.addObject().put("value", "event").put("directory", "segments/event").put("model_version", "logistic-event")
                .put("served_by", "segment").put("reason", "test");
        values.addObject().put("value", "website").put("served_by", "pooled").put("reason", "too few converted leads");
        JSON.writerWithDefaultPrettyPrinter().writeValue(top.resolve("model-card.json").toFile(), card);
        return top;
    }

    private static void copy(Path from, Path to, String version) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        ObjectNode card = (ObjectNode) JSON.readTree(to.resolve("model-card.json").toFile());
        card.put("model_version", version);
        JSON.writeValue(to.resolve("model-card.json").toFile(), card);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        b = body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBatchMixingSegmentsGetsEachSegmentsModelsAnswer() throws Exception {
        Map<String, ConversionModel> direct = Map.of(
                "referral", ModelDirectory.load(model.resolve("segments/referral")),
                "event", ModelDirectory.load(model.resolve("segments/event")),
                "pooled", ModelDirectory.load(model));
        SplittableRandom rnd = new SplittableRandom(11);
        List<Map<String, Object>> leads = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Map<String, Object> lead = new LinkedHashMap<>(TinyModels.lead(rnd));
            if (i % 4 == 3) {
                lead.put("source", "partner"); // never seen in training
            }
            lead.put("lead_id", "L" + i);
            leads.add(lead);
        }
        HttpResponse<String> r = send("POST", "/v1/predict/batch", JSON.writeValueAsString(Map.of("leads", leads)));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals("logistic-pooled", answer.get("model_version").asText(), "the envelope names the served directory's (pooled) version");
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < leads.size(); i++) {
            Map<String, Object> lead = leads.get(i);
            JsonNode p = answer.get("predictions").get(i);
            String source = (String) lead.get("source");
            String segment = direct.containsKey(source) ? source : null;
            ConversionModel m = direct.get(segment == null ? "pooled" : segment);
            Map<String, Object> values = new LinkedHashMap<>(lead);
            values.replaceAll((k, v) -> v instanceof Integer n ? (Object) n.doubleValue() : v);
            Score s = m.score(values::get, 5);
            String at = "lead " + i + " (" + source + "): " + p;
            assertEquals(segment, p.get("segment").isNull() ? null : p.get("segment").asText(), at);
            assertEquals(m.card().modelVersion(), p.get("model_version").asText(), at);
            assertEquals(m.card().modelName(), p.get("model_name").asText(), at);
            assertEquals(s.probability(), p.get("probability").asDouble(), 0.0, at);
            assertEquals(s.tier().label(), p.get("tier").asText(), at);
            assertEquals(s.reasons().get(0).feature(), p.get("reasons").get(0).get("feature").asText(), at);
            seen.merge(segment == null ? source.equals("partner") ? "unseen" : "pooled" : segment, 1, Integer::sum);
        }
        assertEquals(4, seen.size(), "every kind of lead was in the batch: " + seen);

        HttpResponse<String> one = send("POST", "/v1/predict", JSON.writeValueAsString(leads.get(1)));
        assertEquals(200, one.statusCode(), one.body());
        assertEquals(answer.get("predictions").get(1), JSON.readTree(one.body()), "one lead is answered as in a batch");
    }

    @Test
    void modelsListsTheSegments() throws Exception {
        HttpResponse<String> r = send("GET", "/v1/models", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode champion = JSON.readTree(r.body()).get("champion");
        assertEquals("logistic-pooled", champion.get("version").asText());
        assertEquals("source", champion.get("segment_column").asText());
        JsonNode segments = champion.get("segments");
        assertEquals(3, segments.size(), segments.toString());
        assertEquals("referral", segments.get(0).get("value").asText());
        assertEquals("segment", segments.get(0).get("served_by").asText());
        assertEquals("xgboost-referral", segments.get(0).get("version").asText());
        assertEquals("xgboost", segments.get(0).get("algorithm").asText());
        assertEquals("website", segments.get(2).get("value").asText());
        assertEquals("pooled", segments.get(2).get("served_by").asText());
        assertEquals("logistic-pooled", segments.get(2).get("version").asText());
        assertTrue(segments.get(2).get("reason").asText().contains("too few"));
    }

    /**
     * Logged as answered: each prediction carries the version and segment of the model that scored
     * it (the history route shows them), and the live panel gives each segment model's live AUC and
     * drift over exactly the leads it scored.
     */
    @Test
    void theLogAndTheLivePanelFollowEachSegmentModel(@TempDir Path feedbackDir) throws Exception {
        io.leadscore.feedback.FeedbackStore feedback = io.leadscore.feedback.FeedbackStore.open(feedbackDir.resolve("feedback.db"));
        ModelHolder holder = ModelHolder.of(ServeCommand.load(model, null));
        LeadscoreServer logging = LeadscoreServer.start(ServerConfig.builder(holder).feedback(feedback).host("127.0.0.1").port(0).build());
        String saved = base;
        base = "http://127.0.0.1:" + logging.port();
        try {
            SplittableRandom rnd = new SplittableRandom(29);
            List<Map<String, Object>> leads = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Map<String, Object> lead = new LinkedHashMap<>(TinyModels.lead(rnd));
                lead.put("lead_id", "S" + i);
                leads.add(lead);
            }
            HttpResponse<String> r = send("POST", "/v1/predict/batch", JSON.writeValueAsString(Map.of("leads", leads)));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode predictions = JSON.readTree(r.body()).get("predictions");
            String at = java.time.Instant.now().plusSeconds(1).toString();
            Map<String, List<double[]>> judged = new LinkedHashMap<>(); // segment -> (probability, converted)
            Map<String, Integer> scored = new LinkedHashMap<>();
            for (int i = 0; i < leads.size(); i++) {
                JsonNode p = predictions.get(i);
                String segment = p.get("segment").isNull() ? "pooled" : p.get("segment").asText();
                scored.merge(segment, 1, Integer::sum);
                boolean converted = rnd.nextDouble() < p.get("probability").asDouble() * 3; // outcomes that follow the score
                HttpResponse<String> o = send("POST", "/v1/outcomes", JSON.writeValueAsString(Map.of("outcome_id", "O" + i,
                        "lead_id", "S" + i, "outcome", converted ? "converted" : "lost", "at", at)));
                assertEquals(201, o.statusCode(), o.body());
                judged.computeIfAbsent(segment, k -> new ArrayList<>()).add(new double[] {p.get("probability").asDouble(), converted ? 1 : 0});
            }
            feedback.flush();

            HttpResponse<String> h = send("GET", "/v1/leads/" + leads.stream().filter(l -> "referral".equals(l.get("source")))
                    .findFirst().orElseThrow().get("lead_id") + "/scores", null);
            assertEquals(200, h.statusCode(), h.body());
            JsonNode logged = JSON.readTree(h.body()).get("scores").get(0);
            assertEquals("referral", logged.get("segment").asText(), logged.toString());
            assertEquals("xgboost-referral", logged.get("model_version").asText(), logged.toString());

            JsonNode live = JSON.readTree(send("GET", "/dashboard/api/live", null).body());
            assertEquals(scored.get("pooled"), live.get("drift").get("predictions").asInt(), "the pooled model's drift: the leads it scored");
            JsonNode segments = live.get("segments");
            assertEquals(2, segments.size(), segments.toString());
            for (JsonNode g : segments) {
                String value = g.get("segment").asText();
                List<double[]> rows = judged.get(value);
                assertEquals(value.equals("referral") ? "xgboost-referral" : "logistic-event", g.get("model_version").asText());
                assertEquals(scored.get(value), g.get("drift").get("predictions").asInt(), g.toString());
                assertEquals(rows.size(), g.get("outcomes").asInt(), g.toString());
                double auc = io.leadscore.model.RankingMetrics.auc(rows.stream().mapToDouble(x -> x[0]).toArray(),
                        rows.stream().mapToInt(x -> (int) x[1]).toArray());
                assertEquals(auc, g.get("auc").asDouble(), 1e-12, g.toString());
            }
        } finally {
            base = saved;
            logging.close();
            feedback.close();
        }
    }

    /** A directory whose segment model is missing is refused whole: the server never serves half of it. */
    @Test
    void aDirectoryWithABrokenSegmentModelIsRefused() throws Exception {
        Path broken = segmentedDirectory(dir.resolve("broken"));
        Files.delete(broken.resolve("segments/event/model.tribuo"));
        ModelHolder holder = new ModelHolder(source -> ServeCommand.load(Path.of(source), null));
        ModelHolder.Refusal refusal = holder.offer(broken.toString(), ModelHolder.Role.CHAMPION);
        assertTrue(refusal != null && refusal.reason().contains("segments/event"), String.valueOf(refusal));
        assertEquals(null, holder.champion());
        assertEquals(null, holder.offer(model.toString(), ModelHolder.Role.CHAMPION), "the whole directory loads");
        assertEquals(2, holder.champion().segments().segments().size());
    }
}
