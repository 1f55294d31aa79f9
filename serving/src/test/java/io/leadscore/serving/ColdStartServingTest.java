package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.TinyModels;
import io.leadscore.predict.Prediction;
import io.leadscore.predict.Predictor;
import io.leadscore.rules.RuleScore;
import io.leadscore.rules.RuleSet;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.testing.ServerChild;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cold start against a real server ({@code serve --rules FILE --model DIR} as a child process,
 * DIR not written yet): the point table answers alone with the model's fields null, the other
 * routes work without a model, and a model moved into DIR is picked up by the watcher while a
 * client keeps predicting, without a failed request.
 */
class ColdStartServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MODEL_FIELDS = List.of("probability", "score", "tier", "reasons", "model_name", "model_version");
    private static final String RULES = """
            criteria:
              - name: Decision authority
                column: job_level
                points:
                  - { is: vp, points: 30 }
                  - { in: [manager, director], points: 10 }
              - name: Pricing page
                column: pricing_page_views
                points:
                  - { at_least: 3, points: 25 }
                  - { at_least: 1, points: 10 }
              - name: Demo
                column: demo_requested
                points:
                  - { is: true, points: 40 }
            tiers: { warm: 30, hot: 60 }
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    /** One predict call's result as the client saw it. */
    private record Seen(int status, boolean model, int leads) {
    }

    @Test
    void answersWithThePointTableThenPicksUpAModelDroppedIntoTheWatchedDirectoryWithoutAFailedRequest() throws Exception {
        Path rulesFile = dir.resolve("rules.yaml");
        Files.writeString(rulesFile, RULES);
        RuleSet rules = RuleSetParser.parse(rulesFile);
        Path watched = dir.resolve("model");
        Path db = dir.resolve("feedback.db");
        Process server = serve("--rules", rulesFile.toString(), "--model", watched.toString(), "--feedback", db.toString(),
                "--poll-seconds", "1", "--live-refresh-seconds", "0");
        StringBuilder output = new StringBuilder();
        List<Seen> seen = new ArrayList<>();
        try {
            String base = ServerChild.address(server, output);
            assertNotNull(base, "the server printed its address: " + output);
            assertTrue(output.toString().contains("no model yet"), output.toString());

            List<Map<String, Object>> leads = leads(40);
            // every answer: the rule score as the rules file scores the lead, the model's fields null
            List<String> coldKeys = null;
            for (Map<String, Object> lead : leads) {
                HttpResponse<String> r = post(base + "/v1/predict", JSON.writeValueAsString(lead));
                assertEquals(200, r.statusCode(), r.body());
                JsonNode a = JSON.readTree(r.body());
                assertRulesOnly(a, rules, lead);
                coldKeys = keys(a);
            }
            JsonNode spec = JSON.readTree(get(base + "/openapi.json").body());
            for (String field : rules.columns()) {
                assertTrue(spec.at("/components/schemas/LeadFields/properties").has(field), "the cold spec documents the rules' field " + field);
            }
            JsonNode schema = spec.at("/components/schemas/Prediction");
            List<String> required = new ArrayList<>();
            schema.get("required").forEach(k -> required.add(k.asText()));
            assertEquals(new TreeSet<>(required), new TreeSet<>(coldKeys), "the spec requires exactly the cold-start answer's keys");
            for (String field : MODEL_FIELDS) {
                assertTrue(schema.at("/properties/" + field + "/nullable").asBoolean(), field + " is nullable in the spec");
            }
            HttpResponse<String> batch = post(base + "/v1/predict/batch", JSON.writeValueAsString(Map.of("leads", leads)));
            assertEquals(200, batch.statusCode(), batch.body());
            JsonNode answers = JSON.readTree(batch.body());
            assertTrue(answers.has("model_version") && answers.get("model_version").isNull(), batch.body());
            assertEquals(leads.size(), answers.get("predictions").size());
            for (int i = 0; i < leads.size(); i++) {
                assertRulesOnly(answers.get("predictions").get(i), rules, leads.get(i));
            }

            // a client's mistakes are 400s naming each field by the types the rules imply
            HttpResponse<String> bad = post(base + "/v1/predict", "{\"pricing_page_views\": \"many\", \"demo_requested\": \"maybe\", \"source\": 7}");
            assertEquals(400, bad.statusCode(), bad.body());
            assertEquals(Set.of("$.pricing_page_views", "$.demo_requested"), paths(bad));
            // values read as training reads a CSV cell are scored, each conversion a warning
            HttpResponse<String> text = post(base + "/v1/predict", "{\"pricing_page_views\": \"4\", \"demo_requested\": \"YES\"}");
            assertEquals(200, text.statusCode(), text.body());
            JsonNode converted = JSON.readTree(text.body());
            assertEquals(rules.score(Map.<String, Object>of("pricing_page_views", 4.0, "demo_requested", true)::get).points(), converted.get("rule_score").asInt(), text.body());
            assertEquals(2, converted.get("warnings").size(), text.body());
            HttpResponse<String> badBatch = post(base + "/v1/predict/batch", "{\"leads\": [{\"job_level\": \"vp\"}, {\"job_level\": 5.5}]}");
            assertEquals(400, badBatch.statusCode(), badBatch.body());
            assertEquals(Set.of("$.leads[1].job_level"), paths(badBatch));
            HttpResponse<String> onlyId = post(base + "/v1/predict", "{\"lead_id\": \"L1\"}");
            assertEquals(404, onlyId.statusCode(), onlyId.body());
            assertEquals(Set.of("$.lead_id"), paths(onlyId));

            // the other routes work without a model, and say there is none yet
            JsonNode health = JSON.readTree(get(base + "/health").body());
            assertEquals("no model yet, serving the point table", health.path("note").asText(), health.toString());
            HttpResponse<String> ready = get(base + "/health/ready");
            assertEquals(200, ready.statusCode(), "ready: the point table answers");
            assertEquals("no model yet, serving the point table", JSON.readTree(ready.body()).path("note").asText());
            JsonNode models = JSON.readTree(get(base + "/v1/models").body());
            assertTrue(models.get("champion").isNull(), models.toString());
            assertEquals("no model yet, serving the point table", models.path("note").asText());
            String metrics = get(base + "/metrics").body();
            assertTrue(metrics.contains("leadscore_rules_only_predictions_total{rule_tier=\"hot\"}"), metrics);
            JsonNode live = JSON.readTree(get(base + "/dashboard/api/live").body());
            assertEquals(0, live.path("predictions").asInt(), "cold-start answers are not logged: " + live);
            assertTrue(live.at("/drift/unavailable").asText().startsWith("No model yet"), live.toString());
            HttpResponse<String> outcome = post(base + "/v1/outcomes",
                    "{\"outcome_id\": \"o1\", \"lead_id\": \"C0\", \"outcome\": \"converted\", \"at\": \"2026-12-01T10:00:00Z\"}");
            assertEquals(201, outcome.statusCode(), outcome.body());
            JsonNode reload = JSON.readTree(post(base + "/v1/admin/reload", "{}").body());
            assertEquals("unchanged", reload.path("status").asText(), reload.toString());
            assertTrue(reload.get("champion").isNull(), reload.toString());

            // a client predicting all along: rules-only answers, then the model's, never a failure
            AtomicBoolean running = new AtomicBoolean(true);
            Thread client = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    Map<String, Object> lead = leads.get(i % leads.size());
                    try {
                        if (i % 4 == 3) {
                            List<Map<String, Object>> three = List.of(lead, leads.get((i + 1) % leads.size()), leads.get((i + 2) % leads.size()));
                            HttpResponse<String> r = post(base + "/v1/predict/batch", JSON.writeValueAsString(Map.of("leads", three)));
                            record(seen, r.statusCode(), r.statusCode() == 200 && !JSON.readTree(r.body()).get("model_version").isNull(), 3);
                        } else {
                            HttpResponse<String> r = post(base + "/v1/predict", JSON.writeValueAsString(lead));
                            record(seen, r.statusCode(), r.statusCode() == 200 && !JSON.readTree(r.body()).get("model_version").isNull(), 1);
                        }
                    } catch (Exception e) {
                        record(seen, -1, false, 0);
                    }
                }
            });
            client.start();
            waitFor(() -> count(seen, false) >= 20, 30, "rules-only answers under load");
            Path built = TinyModels.write(dir.resolve("build"), false); // written whole elsewhere, as train does
            Files.move(built, watched, StandardCopyOption.ATOMIC_MOVE);
            waitFor(() -> count(seen, true) >= 20, 60, "the model's answers after the swap");
            running.set(false);
            client.join();

            List<Seen> all;
            synchronized (seen) {
                all = List.copyOf(seen);
            }
            assertTrue(all.stream().allMatch(s -> s.status() == 200), "every request answered 200 during the swap: "
                    + all.stream().filter(s -> s.status() != 200).toList());
            int firstModel = 0;
            while (!all.get(firstModel).model()) {
                firstModel++;
            }
            assertTrue(firstModel >= 20, "rules-only answers first: " + firstModel);
            assertTrue(all.subList(firstModel, all.size()).stream().allMatch(Seen::model), "once swapped in, the model answers every request");

            // the same request now gets the model's answer, with the same keys, and the same rule score
            Predictor direct = new Predictor(ModelDirectory.load(watched), rules, Predictor.TOP_REASONS);
            for (Map<String, Object> lead : leads.subList(0, 5)) {
                HttpResponse<String> r = post(base + "/v1/predict", JSON.writeValueAsString(lead));
                assertEquals(200, r.statusCode(), r.body());
                JsonNode a = JSON.readTree(r.body());
                assertEquals(coldKeys, keys(a), "a model's answer has exactly the keys of a cold-start answer");
                Prediction p = direct.predict(lead::get);
                assertEquals(p.probability(), a.get("probability").doubleValue(), 0.0, "the model's probability, as scoring the model directly");
                assertEquals(p.score(), a.get("score").intValue());
                assertEquals("logistic-tiny", a.get("model_version").asText());
                assertEquals(rules.score(lead::get).points(), a.get("rule_score").intValue());
                assertFalse(a.get("reasons").isEmpty());
            }
            JsonNode after = JSON.readTree(get(base + "/v1/models").body());
            assertEquals("logistic-tiny", after.at("/champion/version").asText(), after.toString());
            assertFalse(after.has("note"), after.toString());
            assertEquals("logistic-tiny", JSON.readTree(get(base + "/health/ready").body()).path("model_version").asText());
        } finally {
            server.destroy(); // SIGTERM: a graceful stop flushes the prediction log
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
        int modelLeads = 5;
        for (Seen s : seen) {
            modelLeads += s.model() ? s.leads() : 0;
        }
        try (FeedbackStore store = FeedbackStore.open(db)) {
            assertEquals(modelLeads, store.predictions().size(), "the model's predictions are logged, the point table's alone are not");
        }
    }

    @Test
    void startsThatCannotBeAColdStartExitWithTwoAndSayWhy() throws Exception {
        assertRefused("add --rules FILE", "--model", dir.resolve("none").toString(), "--feedback", dir.resolve("a.db").toString());
        assertRefused("--rules FILE to serve the point table alone", "--feedback", dir.resolve("b.db").toString());
        Path rulesFile = dir.resolve("rules.yaml");
        Files.writeString(rulesFile, RULES);
        Path notAModel = Files.createDirectories(dir.resolve("data"));
        Files.writeString(notAModel.resolve("leads.csv"), "x,y\n");
        assertRefused("not a model directory", "--rules", rulesFile.toString(), "--model", notAModel.toString(),
                "--feedback", dir.resolve("c.db").toString());
        assertRefused("no champion yet", "--rules", rulesFile.toString(), "--model", dir.resolve("none").toString(),
                "--challenger", dir.resolve("other").toString(), "--feedback", dir.resolve("d.db").toString());
    }

    /** The server refuses to start: exit code 2 and one line saying {@code why}. */
    private void assertRefused(String why, String... args) throws Exception {
        Process p = serve(args);
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("error: ") && out.contains(why), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
    }

    private Process serve(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.leadscore.serving.ServeCommand", "--port", "0", "--no-auth"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Seeded leads with every field the later model reads (the CRM sends them from the first day). */
    private static List<Map<String, Object>> leads(int n) {
        SplittableRandom rnd = new SplittableRandom(22);
        List<Map<String, Object>> leads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> lead = TinyModels.lead(rnd);
            lead.put("lead_id", "C" + i);
            leads.add(lead);
        }
        return leads;
    }

    private static void assertRulesOnly(JsonNode answer, RuleSet rules, Map<String, Object> lead) {
        RuleScore expected = rules.score(lead::get);
        assertEquals(expected.points(), answer.get("rule_score").intValue(), answer.toString());
        assertEquals(expected.tier().label(), answer.get("rule_tier").asText());
        assertEquals(lead.get("lead_id"), answer.get("lead_id").asText());
        for (String field : MODEL_FIELDS) {
            assertTrue(answer.has(field) && answer.get(field).isNull(), field + " is present and null: " + answer);
        }
        assertEquals(0, answer.get("warnings").size(), answer.toString());
    }

    private static void record(List<Seen> seen, int status, boolean model, int leads) {
        synchronized (seen) {
            seen.add(new Seen(status, model, leads));
        }
    }

    private static long count(List<Seen> seen, boolean model) {
        synchronized (seen) {
            return seen.stream().filter(s -> s.status() == 200 && s.model() == model).count();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private static List<String> keys(JsonNode n) {
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> paths(HttpResponse<String> r) throws Exception {
        Set<String> paths = new TreeSet<>();
        for (Iterator<JsonNode> it = JSON.readTree(r.body()).get("errors").elements(); it.hasNext(); ) {
            paths.add(it.next().get("path").asText());
        }
        return paths;
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
