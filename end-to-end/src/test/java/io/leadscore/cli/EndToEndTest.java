package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.Reason;
import io.leadscore.model.Score;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;


/**
 * The whole product as a user runs it: generate → train → evaluate → compare → serve → HTTP
 * predict, each a real command in its own JVM, the server on a free port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RULES = Path.of("..", "rules", "default-rules.yaml");
    private static final String KEY = "e2e-test-api-key";

    @TempDir
    static Path dir;

    private Path data() {
        return dir.resolve("history/leads.parquet");
    }

    private Path model() {
        return dir.resolve("model");
    }

    @Test
    @Order(1)
    void generatesAndTrainsOnATimeSplit() throws Exception {
        Cli.Result g = Cli.run("generate", "--leads", "50000", "--seed", "11", "--out", dir.resolve("history").toString());
        assertEquals(0, g.exit(), g.err());
        assertTrue(g.out().startsWith("wrote 50,000 leads"), g.out());

        Cli.Result t = Cli.run("train", "--data", data().toString(), "--label", "converted", "--out", model().toString(),
                "--algorithm", "logistic", "--time-column", "scored_at", "--seed", "11");
        assertEquals(0, t.exit(), t.err());
        JsonNode card = JSON.readTree(model().resolve("model-card.json").toFile());
        assertEquals("time", card.at("/split/method").asText());
        assertEquals(40_000, card.at("/split/train_rows").asLong(), 200);
        assertTrue(Instant.parse(card.at("/split/train_to").asText()).isBefore(Instant.parse(card.at("/split/holdout_from").asText())),
                "train on the past, test on the future");
        assertEquals(64, card.at("/data/sha256").asText().length());
        assertTrue(card.at("/dropped_columns/converted_at").asText().startsWith("timestamp"), "the outcome time never is a feature");
        assertTrue(card.at("/dropped_columns/lead_id").asText().startsWith("identifier"));
        assertEquals("4.3.2", card.at("/libraries/tribuo").asText());
        assertTrue(Files.isRegularFile(model().resolve("model.tribuo")));
    }

    @Test
    @Order(2)
    void evaluatePrintsExactlyOneJsonObjectOfHoldoutMetrics() throws Exception {
        Cli.Result e = Cli.run("evaluate", "--model", model().toString(), "--data", data().toString(), "--label", "converted", "--json");
        assertEquals(0, e.exit(), e.err());
        assertEquals(1, e.out().strip().lines().count(), e.out());
        JsonNode m = JSON.readTree(e.out());
        Set<String> keys = new TreeSet<>();
        m.fieldNames().forEachRemaining(keys::add);
        assertTrue(keys.containsAll(Set.of("n", "positives", "auc", "pr_auc", "log_loss", "brier", "ece", "lift_at_10pct")), keys.toString());
        assertEquals("holdout", m.get("evaluated_on").asText());
        assertEquals(JSON.readTree(model().resolve("model-card.json").toFile()).at("/split/holdout_rows").asLong(), m.get("n").asLong());
    }

    @Test
    @Order(3)
    void modelBeatsTheHandTunedRulesAndIsCalibrated() throws Exception {
        Cli.Result c = Cli.run("compare", "--model", model().toString(), "--rules", RULES.toString(), "--data", data().toString(),
                "--label", "converted", "--json");
        assertEquals(0, c.exit(), c.err());
        JsonNode cmp = JSON.readTree(c.out());
        double modelAuc = cmp.at("/model/auc").asDouble();
        double rulesAuc = cmp.at("/rules/auc").asDouble();
        System.out.printf("holdout AUC model %.4f rules %.4f; ECE %.4f%n", modelAuc, rulesAuc, cmp.at("/model/ece").asDouble());
        assertTrue(modelAuc - rulesAuc >= 0.05, "model " + modelAuc + " vs rules " + rulesAuc);
        assertTrue(cmp.at("/model/ece").asDouble() <= 0.03, "ece " + cmp.at("/model/ece"));
        assertTrue(cmp.at("/rules/pr_auc").isNumber() && cmp.at("/rules/lift_at_10pct").isNumber());
        double scorecardAuc = cmp.at("/scorecard/auc").asDouble();
        assertTrue(scorecardAuc > rulesAuc, "the learned scorecard " + scorecardAuc + " beats the hand-tuned rules " + rulesAuc);
        for (String who : new String[] {"rules", "model"}) {
            double hot = cmp.at("/tiers/" + who + "/hot/conversion_rate").asDouble();
            double cold = cmp.at("/tiers/" + who + "/cold/conversion_rate").asDouble();
            assertTrue(hot > cold, who + ": hot leads convert more often than cold ones");
        }
        long cells = 0;
        for (Iterator<JsonNode> rows = cmp.at("/tiers/rules_by_model").elements(); rows.hasNext(); ) {
            for (Iterator<JsonNode> cell = rows.next().elements(); cell.hasNext(); ) {
                cells += cell.next().get("n").asLong();
            }
        }
        assertEquals(cmp.at("/model/n").asLong(), cells, "the cross-table covers every lead once");
    }

    @Test
    @Order(4)
    void servesPredictionsOverHttp() throws Exception {
        ProcessBuilder pb = Cli.builder("io.leadscore.serving.ServeCommand", "--model", model().toString(), "--port", "0",
                "--feedback", dir.resolve("feedback.db").toString());
        pb.environment().put("LEADSCORE_API_KEYS", KEY);
        pb.redirectErrorStream(true);
        Process server = pb.start();
        try {
            String base = Cli.baseUrl(server);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), "health needs no key");
            HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/predict"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, noKey.statusCode(), "predict needs a key");

            Table leads = TableReader.read(data());
            int row = leads.rowCount() - 1;
            ObjectNode lead = Cli.leadJson(leads, row);
            lead.put("crm_only_field", "ignored");
            HttpResponse<String> r = post(http, base, lead.toString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode p = JSON.readTree(r.body());
            ConversionModel local = ModelDirectory.load(model());
            assertEquals(local.probability(leads.row(row)), p.get("probability").asDouble(), 1e-12, "server scores as training does");
            assertEquals(Score.of(p.get("probability").asDouble()), p.get("score").asInt());
            assertTrue(Set.of("cold", "warm", "hot").contains(p.get("tier").asText()));
            assertTrue(p.get("rule_score").isInt() && Set.of("cold", "warm", "hot").contains(p.get("rule_tier").asText()));
            assertEquals(5, p.get("reasons").size());
            assertTrue(p.at("/reasons/0/description").asText().length() > 10, "reasons in business words");
            assertEquals(local.card().modelVersion(), p.get("model_version").asText());

            // exact reasons for the linear model: the average lead's log-odds plus all contributions
            Score all = local.score(leads.row(row), Integer.MAX_VALUE);
            double sum = all.baseLogOdds();
            for (Reason reason : all.reasons()) {
                sum += reason.contribution();
            }
            assertEquals(all.logOdds(), sum, 1e-9);

            lead.put("website_visits", "lots");
            lead.remove("job_level");
            lead.put("source", "carrier_pigeon");
            HttpResponse<String> bad = post(http, base, lead.toString());
            assertEquals(400, bad.statusCode());
            JsonNode errors = JSON.readTree(bad.body()).get("errors");
            assertEquals(2, errors.size(), bad.body());
            assertEquals("$.job_level", errors.get(0).get("path").asText());
            assertEquals("$.website_visits", errors.get(1).get("path").asText());

            lead.put("website_visits", 3);
            lead.put("job_level", "manager");
            HttpResponse<String> unseen = post(http, base, lead.toString());
            assertEquals(200, unseen.statusCode(), unseen.body());
            assertEquals("source: unseen value 'carrier_pigeon' treated as unknown", JSON.readTree(unseen.body()).at("/warnings/0").asText());

            HttpResponse<String> malformed = post(http, base, "{\"source\": ");
            assertEquals(400, malformed.statusCode());
            assertTrue(malformed.body().contains("malformed JSON"), malformed.body());
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static HttpResponse<String> post(HttpClient http, String base, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/predict"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
