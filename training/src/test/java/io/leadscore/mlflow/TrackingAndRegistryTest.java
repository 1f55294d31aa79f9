package io.leadscore.mlflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.cli.Cli;
import io.leadscore.registry.ArtifactStore;
import io.leadscore.synthetic.LeadGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --mlflow-uri} and {@code promote} against one real MLflow server, each command in its
 * own JVM as a user runs it, everything read back over the server's REST API. Two models are trained
 * on the same 5,000 generated leads (time split by {@code scored_at}): a full one, and a weak one
 * that sees only the lead's source and country.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackingAndRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "leads";
    private static final List<String> WEAK_EXCLUDES = List.of("lead_id", "created_at", "industry", "company_size", "job_level",
            "budget_band", "stated_need", "purchase_timeline", "website_visits", "pages_viewed", "time_on_site_sec",
            "pricing_page_views", "emails_opened", "email_clicks", "forms_submitted", "content_downloads", "webinars_attended",
            "demo_requested", "chat_messages", "bookings_abandoned", "days_since_last_activity", "lifecycle_stage", "converted_at");
    private static final Pattern FIGURES = Pattern.compile("^\\s+(\\S+)\\s+leads version (\\d+)\\s+AUC (\\d\\.\\d{4})\\s+log-loss (\\d\\.\\d{4})$",
            Pattern.MULTILINE);

    @TempDir
    static Path dir;
    private static MlflowServerFixture server;

    @BeforeAll
    static void startServerAndMakeData() throws Exception {
        Files.createDirectories(dir.resolve("mlflow"));
        server = MlflowServerFixture.start(dir.resolve("mlflow"));
        new LeadGenerator(7).write(5000, data());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Path data() {
        return dir.resolve("leads.parquet");
    }

    private static Cli.Result train(Map<String, String> env, Path out, List<String> extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--data", data().toString(), "--label", "converted",
                "--time-column", "scored_at", "--seed", "7", "--out", out.toString(), "--experiment", "it", "--registered-model", MODEL));
        args.addAll(extra);
        return Cli.run(env, args.toArray(String[]::new));
    }

    private static Cli.Result leadscore(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--mlflow-uri", server.uri()));
        return Cli.run(all.toArray(String[]::new));
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), p + " in:\n" + text);
        return m.group(1);
    }

    private static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> m = new HashMap<>();
        for (JsonNode kv : list) {
            m.put(kv.get("key").asText(), kv.get("value").asText());
        }
        return m;
    }

    private static String champion() throws Exception {
        return server.get("mlflow/registered-models/alias", Map.of("name", MODEL, "alias", "champion")).at("/model_version/version").asText();
    }

    @Test
    @Order(1)
    void trainLogsParamsMetricsTagsAndArtifactsAndRegistersAVersion() throws Exception {
        Path model = dir.resolve("full");
        Cli.Result t = train(Map.of(), model, List.of("--mlflow-uri", server.uri()));
        assertEquals(0, t.exit(), t.err() + "\nserver:\n" + server.output());
        String runId = group(Pattern.compile("mlflow run ([0-9a-f]{32}) \\(experiment 'it'\\)"), t.out());
        assertEquals("1", group(Pattern.compile("registered model 'leads' version (\\d+)"), t.out()));
        JsonNode card = JSON.readTree(model.resolve("model-card.json").toFile());

        JsonNode run = server.get("mlflow/runs/get", Map.of("run_id", runId)).get("run");
        assertEquals("FINISHED", run.at("/info/status").asText());
        Map<String, String> params = keyValues(run.at("/data/params"));
        assertEquals("auto", params.get("algorithm"), "train without --algorithm: auto");
        assertEquals("7", params.get("seed"));
        assertEquals("converted", params.get("label"));
        assertEquals("scored_at", params.get("time_column"));
        assertEquals("none", params.get("exclude"));
        assertEquals(card.at("/parameters/chosen/C").asText(), params.get("chosen.C"), "the trainer's chosen parameters from the card");
        assertEquals(card.at("/calibration/method").asText(), params.get("calibration"));
        Map<String, Double> metrics = new HashMap<>();
        run.at("/data/metrics").forEach(m -> metrics.put(m.get("key").asText(), m.get("value").asDouble()));
        assertEquals(card.at("/holdout_metrics/auc").asDouble(), metrics.get("holdout_auc"), 1e-12);
        assertEquals(card.at("/holdout_metrics/log_loss").asDouble(), metrics.get("holdout_log_loss"), 1e-12);
        assertEquals(card.at("/holdout_metrics/n").asDouble(), metrics.get("holdout_n"));
        Map<String, String> tags = keyValues(run.at("/data/tags"));
        assertEquals(GitCommit.of(Path.of("").toAbsolutePath()), tags.get("git_commit"));
        assertTrue(tags.get("git_commit").matches("[0-9a-f]{40}|unknown"), tags.get("git_commit"));
        assertEquals(card.at("/data/sha256").asText(), tags.get("data_sha256"));
        assertEquals(card.at("/model_version").asText(), tags.get("model_version"));
        assertEquals("0.1.0", tags.get("leadscore_version"));

        String artifactUri = run.at("/info/artifact_uri").asText();
        String root = ArtifactStore.proxyPath(artifactUri);
        assertEquals(Map.of("model", true, "model-card.json", false), listing(root));
        assertEquals(Map.of("model.tribuo", false, "model-card.json", false, "scorecard.yaml", false), listing(root + "/model"));
        assertArrayEquals(Files.readAllBytes(model.resolve("model.tribuo")),
                server.getBytes("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/model.tribuo"));
        assertArrayEquals(Files.readAllBytes(model.resolve("model-card.json")),
                server.getBytes("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model-card.json"));

        JsonNode version = server.get("mlflow/model-versions/get", Map.of("name", MODEL, "version", "1")).get("model_version");
        assertEquals(artifactUri + "/model", version.get("source").asText());
        assertEquals(runId, version.get("run_id").asText());
        assertEquals("READY", version.get("status").asText());
    }

    private static Map<String, Boolean> listing(String path) throws Exception {
        Map<String, Boolean> m = new HashMap<>();
        server.get("mlflow-artifacts/artifacts", Map.of("path", path)).get("files")
                .forEach(f -> m.put(f.get("path").asText(), f.path("is_dir").asBoolean()));
        return m;
    }

    @Test
    @Order(2)
    void trainFindsTheServerInTheEnvironment() throws Exception {
        Path model = dir.resolve("weak");
        Cli.Result t = train(Map.of("MLFLOW_TRACKING_URI", server.uri()), model, List.of("--exclude", String.join(",", WEAK_EXCLUDES)));
        assertEquals(0, t.exit(), t.err());
        assertEquals("2", group(Pattern.compile("registered model 'leads' version (\\d+)"), t.out()));
        assertTrue(Files.isRegularFile(model.resolve("model.tribuo")));
    }

    @Test
    @Order(3)
    void promoteSetsTheAlias() throws Exception {
        Cli.Result p = leadscore("promote", "--name", MODEL, "--version", "2", "--alias", "champion");
        assertEquals(0, p.exit(), p.err());
        assertEquals("leads version 2 is now 'champion'", p.out().strip());
        assertEquals("2", champion());
    }

    @Test
    @Order(4)
    void promoteIfNotWorseWithoutAHolderJustPromotes() throws Exception {
        Cli.Result p = leadscore("promote", "--name", MODEL, "--version", "2", "--alias", "staging", "--if-not-worse",
                "--data", data().toString(), "--label", "converted");
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.out().contains("there was no 'staging' to compare with"), p.out());
        assertEquals("2", server.get("mlflow/registered-models/alias", Map.of("name", MODEL, "alias", "staging"))
                .at("/model_version/version").asText());
    }

    @Test
    @Order(5)
    void promoteIfNotWorseAcceptsABetterCandidate() throws Exception {
        Cli.Result p = leadscore("promote", "--name", MODEL, "--version", "1", "--alias", "champion", "--if-not-worse",
                "--data", data().toString(), "--label", "converted", "--time-column", "scored_at");
        assertEquals(0, p.exit(), p.out() + p.err());
        Map<String, double[]> figures = figures(p.out());
        assertTrue(figures.get("candidate")[0] > figures.get("champion")[0], p.out());
        assertTrue(p.out().contains("on 1,000 leads") && p.out().contains("newest 20% by scored_at"), p.out());
        assertTrue(p.out().contains("promoted: leads version 1 is now 'champion'"), p.out());
        assertEquals("1", champion());
    }

    @Test
    @Order(6)
    void promoteIfNotWorseRefusesAWorseCandidateWithExitCode3() throws Exception {
        Cli.Result p = leadscore("promote", "--name", MODEL, "--version", "2", "--if-not-worse",
                "--data", data().toString(), "--label", "converted", "--time-column", "scored_at");
        assertEquals(3, p.exit(), p.out() + p.err());
        Map<String, double[]> figures = figures(p.out());
        double[] candidate = figures.get("candidate");
        double[] champion = figures.get("champion");
        assertTrue(candidate[0] < champion[0] - 0.1, "AUC " + candidate[0] + " vs " + champion[0]);
        assertTrue(candidate[1] > champion[1], "log-loss " + candidate[1] + " vs " + champion[1]);
        assertTrue(p.out().contains("not promoted: its AUC is lower and its log-loss higher than the champion's"), p.out());
        assertEquals("1", champion(), "the champion stays");
    }

    /** The "role → {AUC, log-loss}" lines that promote --if-not-worse prints. */
    private static Map<String, double[]> figures(String out) {
        Map<String, double[]> m = new HashMap<>();
        Matcher x = FIGURES.matcher(out);
        while (x.find()) {
            m.put(x.group(1), new double[] {Double.parseDouble(x.group(3)), Double.parseDouble(x.group(4))});
        }
        assertEquals(2, m.size(), "both models' figures in:\n" + out);
        return m;
    }

    @Test
    @Order(7)
    void unknownVersionIsOneLineExit2() throws Exception {
        Cli.Result p = leadscore("promote", "--name", MODEL, "--version", "99");
        assertEquals(2, p.exit(), p.err());
        List<String> lines = p.err().strip().lines().toList();
        assertEquals(1, lines.size(), p.err());
        assertTrue(lines.get(0).startsWith("error: MLflow tracking server " + server.uri()), lines.get(0));
        assertTrue(lines.get(0).contains("version=99"), lines.get(0));
        assertFalse(p.err().contains("\tat "), p.err());
    }
}
