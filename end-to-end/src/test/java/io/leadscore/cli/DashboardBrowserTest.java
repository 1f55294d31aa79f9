package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * The managers' dashboard in real headless Chromium (Debian's, driven by playwright-core from
 * {@code .ci/browser}): it loads, every chart has drawn, changing K changes the headline to the
 * JSON API's figures, the drill-down shows a lead's reasons, the live panel's drift table shows the
 * live API's figures for the leads just scored, a lead's score history chart shows the scores it was
 * given, and the static report shows the same
 * figures with no server and no network. Screenshots go to {@code end-to-end/target/screenshots}.
 */
class DashboardBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "dashboard-test-key";
    private static final Path BROWSER = Path.of("..", ".ci", "browser").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theDashboardWorksInChromiumAndTheStaticReportAgrees() throws Exception {
        assertTrue(Files.isDirectory(BROWSER.resolve("node_modules/playwright-core")),
                "playwright-core is installed in .ci/browser (bin/test runs npm ci there)");
        assertTrue(Files.isExecutable(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"))),
                "Debian's chromium is installed (.ci/run installs it: apt-get install chromium)");
        Path history = dir.resolve("history");
        assertEquals(0, Cli.run("generate", "--leads", "20000", "--seed", "5", "--out", history.toString()).exit());
        Path data = history.resolve("leads.parquet");
        Path model = dir.resolve("model");
        Cli.Result t = Cli.run("train", "--data", data.toString(), "--label", "converted", "--time-column", "scored_at", "--out", model.toString());
        assertEquals(0, t.exit(), t.err());
        Path report = dir.resolve("report.html");
        Cli.Result c = Cli.run("compare", "--model", model.toString(), "--rules", Path.of("..", "rules", "default-rules.yaml").toString(),
                "--data", data.toString(), "--label", "converted", "--report", report.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(Files.size(report) > 10_000);
        Path reportData = dir.resolve("report.json");
        assertTrue(Files.isRegularFile(reportData));

        ProcessBuilder pb = Cli.builder("io.leadscore.serving.ServeCommand", "--model", model.toString(), "--port", "0",
                "--dashboard", reportData.toString(), "--feedback", dir.resolve("feedback.db").toString());
        pb.environment().put("LEADSCORE_API_KEYS", KEY);
        pb.redirectErrorStream(true);
        Process server = pb.start();
        try {
            String base = Cli.baseUrl(server);
            // The newest 2,000 leads are scored, so that the live panel has drift to show.
            Table leads = TableReader.read(data);
            ArrayNode batch = new ObjectMapper().createArrayNode();
            for (int row = leads.rowCount() - 2_000; row < leads.rowCount(); row++) {
                batch.add(Cli.leadJson(leads, row));
            }
            HttpResponse<String> scored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/predict/batch"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"leads\":" + batch + "}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scored.statusCode(), scored.body());
            // One lead scored four more times as its behaviour grows, for its score history chart.
            JsonNode lastScored = JSON.readTree(scored.body()).at("/predictions/1999");
            String historyLead = lastScored.path("lead_id").asText(null);
            assertNotNull(historyLead, "the generated leads have ids");
            List<Integer> historyScores = new ArrayList<>(List.of(lastScored.get("score").asInt()));
            for (int visits = 1; visits <= 4; visits++) {
                com.fasterxml.jackson.databind.node.ObjectNode lead = Cli.leadJson(leads, leads.rowCount() - 1);
                lead.put("pricing_page_views", 3 * visits);
                lead.put("demo_requested", visits >= 3);
                HttpResponse<String> one = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/predict"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(lead.toString())).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, one.statusCode(), one.body());
                historyScores.add(JSON.readTree(one.body()).get("score").asInt());
            }
            Thread.sleep(300); // the prediction log is written every 50 ms
            Path shots = Path.of("target", "screenshots").toAbsolutePath();
            Files.createDirectories(shots);
            Process node = new ProcessBuilder("node", BROWSER.resolve("dashboard-check.mjs").toString(), base, KEY, report.toString(), shots.toString(),
                    historyLead)
                    .directory(BROWSER.toFile()).redirectErrorStream(true).start();
            String result = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(node.waitFor(3, TimeUnit.MINUTES), "the browser check finished");
            assertEquals(0, node.exitValue(), result);
            String last = result.strip().lines().reduce((a, b) -> b).orElse("{}");
            JsonNode seen = new ObjectMapper().readTree(last);
            System.out.println("dashboard in Chromium: " + last);
            assertTrue(seen.get("charts").size() >= 4);
            assertTrue(seen.get("reasons").asInt() >= 1, "the drill-down shows reasons");
            assertTrue(seen.get("drift").get("rows").asInt() >= 1, "the live panel shows drift per field");
            assertEquals(2_004, seen.get("drift").get("predictions").asInt(), "based on the leads just scored (2,000 and the history lead's 4)");
            List<Integer> charted = new ArrayList<>();
            seen.at("/history/scores").forEach(n -> charted.add(n.asInt()));
            assertEquals(historyScores, charted, "the lead's history chart shows the scores it was given, oldest first");
            assertTrue(Files.size(shots.resolve("dashboard.png")) > 10_000, "a screenshot of the dashboard");
            assertTrue(Files.size(shots.resolve("static-report.png")) > 10_000, "a screenshot of the static report");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
