package io.leadscore.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.cli.Cli;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.synthetic.LeadGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * The server follows a registry alias on a real MLflow server: it serves the version the alias
 * points at, and when the alias moves to a new version it downloads it, validates it and swaps.
 */
class ServingFromRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "registry-test-key";

    @TempDir
    static Path dir;
    static MlflowServerFixture mlflow;

    @BeforeAll
    static void start() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("mlflow"));
        mlflow = MlflowServerFixture.start(dir.resolve("mlflow"));
        new LeadGenerator(9).write(4_000, dir.resolve("leads.parquet"));
    }

    @AfterAll
    static void stop() throws Exception {
        mlflow.close();
    }

    private static String trainAndPromote(String out, String... extra) throws Exception {
        return trainAndPromoteAs("served", out, extra);
    }

    private static String trainAndPromoteAs(String registered, String out, String... extra) throws Exception {
        String[] base = {"train", "--data", dir.resolve("leads.parquet").toString(), "--label", "converted", "--time-column", "scored_at",
                "--out", dir.resolve(out).toString(), "--mlflow-uri", mlflow.uri(), "--registered-model", registered};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Cli.Result t = Cli.run(args);
        assertEquals(0, t.exit(), t.err());
        Matcher m = Pattern.compile("registered model '" + registered + "' version (\\d+)").matcher(t.out());
        assertTrue(m.find(), t.out());
        String version = m.group(1);
        assertEquals(0, Cli.run("promote", "--name", registered, "--version", version, "--alias", "champion", "--mlflow-uri", mlflow.uri()).exit());
        return JSON.readTree(dir.resolve(out).resolve("model-card.json").toFile()).get("model_version").asText();
    }

    @Test
    void followsTheChampionAlias() throws Exception {
        String first = trainAndPromote("m1");
        Process server = serve("--registry-uri", mlflow.uri(), "--model-name", "served",
                "--alias", "champion", "--model-cache", dir.resolve("cache").toString(), "--poll-seconds", "1", "--port", "0",
                "--feedback", dir.resolve("fb.db").toString());
        try {
            String base = Cli.baseUrl(server);
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(first, champion(http, base));

            String second = trainAndPromote("m2", "--exclude", "country,industry");
            assertTrue(!second.equals(first), "a different model");
            assertEquals(second, awaitChampion(http, base, second), "the server swapped to the version the alias points at");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A cold start on a registry: the model is not registered yet, so the point table answers; the
     * first version promoted to the alias is picked up, and the same request gets the model's answer.
     */
    @Test
    void aColdStartOnThePointTablePicksUpTheFirstVersionPromoted() throws Exception {
        Process server = serve("--rules", Path.of("..", "rules", "default-rules.yaml").toString(),
                "--registry-uri", mlflow.uri(), "--model-name", "cold", "--alias", "champion", "--model-cache", dir.resolve("cold-cache").toString(),
                "--poll-seconds", "1", "--port", "0", "--feedback", dir.resolve("cold.db").toString());
        try {
            String base = Cli.baseUrl(server);
            HttpClient http = HttpClient.newHttpClient();
            Table leads = TableReader.read(dir.resolve("leads.parquet"));
            String lead = Cli.leadJson(leads, 0).toString();
            JsonNode cold = JSON.readTree(predict(http, base, lead));
            assertTrue(cold.get("model_version").isNull() && cold.get("probability").isNull(), cold.toString());
            assertEquals(RuleSetParser.parse(Path.of("..", "rules", "default-rules.yaml")).score(leads.row(0)).points(), cold.get("rule_score").asInt());
            assertEquals("", champion(http, base), "no champion yet");

            String version = trainAndPromoteAs("cold", "m-cold", "--algorithm", "logistic");
            assertEquals(version, awaitChampion(http, base, version), "the first version promoted is served");
            JsonNode warm = JSON.readTree(predict(http, base, lead));
            assertEquals(version, warm.get("model_version").asText(), warm.toString());
            assertTrue(warm.get("probability").isNumber(), warm.toString());
            assertEquals(cold.get("rule_score"), warm.get("rule_score"));
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String predict(HttpClient http, String base, String lead) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/predict")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(lead)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** {@code leadscore serve} with these arguments, in a child process, with the API key. */
    private static Process serve(String... args) throws Exception {
        ProcessBuilder pb = Cli.builder("io.leadscore.serving.ServeCommand", args);
        pb.environment().put("LEADSCORE_API_KEYS", KEY);
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** The champion's version once it is {@code version}, or the last seen after a minute. */
    private static String awaitChampion(HttpClient http, String base, String version) throws Exception {
        String now = champion(http, base);
        for (int i = 0; i < 60 && !version.equals(now); i++) {
            Thread.sleep(1000);
            now = champion(http, base);
        }
        return now;
    }

    private static String champion(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/models")).header("Authorization", "Bearer " + KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).at("/champion/version").asText();
    }
}
