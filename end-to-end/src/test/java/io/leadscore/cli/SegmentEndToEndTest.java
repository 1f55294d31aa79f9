package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment models from the command line to the browser: {@code generate --segments 3},
 * {@code train --segment-by team}, {@code compare --json --report}, then a real server on the model
 * directory. {@code leadscore score} answers every lead as the server does (segment and model version
 * included), and the dashboard's segment selector, in Debian's headless Chromium, shows each
 * segment's figures as {@code compare --json} gives them, in the static report and on the server.
 */
class SegmentEndToEndTest {
    private static final String KEY = "segments-test-key";
    private static final Path BROWSER = Path.of("..", ".ci", "browser").toAbsolutePath().normalize();
    private static final Path RULES = Path.of("..", "rules", "default-rules.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void segmentsRouteInScoreAndServerAndTheDashboardSelectorShowsThem() throws Exception {
        assertTrue(Files.isDirectory(BROWSER.resolve("node_modules/playwright-core")),
                "playwright-core is installed in .ci/browser (bin/test runs npm ci there)");
        Path history = dir.resolve("history");
        assertEquals(0, Cli.run("generate", "--leads", "4000", "--seed", "3", "--segments", "3", "--out", history.toString()).exit());
        Path data = history.resolve("leads.parquet");
        Path model = dir.resolve("model");
        Cli.Result t = Cli.run("train", "--data", data.toString(), "--label", "converted", "--time-column", "scored_at", "--algorithm",
                "logistic", "--segment-by", "team", "--out", model.toString());
        assertEquals(0, t.exit(), t.err());
        Path report = dir.resolve("report.html");
        Cli.Result c = Cli.run("compare", "--model", model.toString(), "--rules", RULES.toString(), "--data", data.toString(), "--label",
                "converted", "--json", "--report", report.toString());
        assertEquals(0, c.exit(), c.err());
        JsonNode compared = JSON.readTree(c.out());
        assertEquals("team", compared.get("segment_column").asText());
        JsonNode reportData = JSON.readTree(dir.resolve("report.json").toFile());
        Path scores = dir.resolve("scores.csv");
        Cli.Result s = Cli.run("score", "--model", model.toString(), "--data", data.toString(), "--out", scores.toString(), "--rules",
                RULES.toString());
        assertEquals(0, s.exit(), s.err());

        ProcessBuilder pb = Cli.builder("io.leadscore.serving.ServeCommand", "--model", model.toString(), "--port", "0", "--rules",
                RULES.toString(), "--dashboard", dir.resolve("report.json").toString(), "--feedback", dir.resolve("feedback.db").toString());
        pb.environment().put("LEADSCORE_API_KEYS", KEY);
        pb.redirectErrorStream(true);
        Process server = pb.start();
        try {
            String base = Cli.baseUrl(server);
            scoreEqualsTheServer(base, data, scores);

            int k = 3;
            Path shots = Path.of("target", "screenshots").toAbsolutePath();
            Files.createDirectories(shots);
            Process node = new ProcessBuilder("node", BROWSER.resolve("segments-check.mjs").toString(), base, KEY, report.toString(),
                    shots.toString(), Integer.toString(k)).directory(BROWSER.toFile()).redirectErrorStream(true).start();
            String result = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(node.waitFor(3, TimeUnit.MINUTES), "the browser check finished");
            assertEquals(0, node.exitValue(), result);
            String last = result.strip().lines().reduce((a, b) -> b).orElse("{}");
            System.out.println("segment selector in Chromium: " + last);
            JsonNode seen = JSON.readTree(last);
            List<String> shown = new ArrayList<>();
            seen.get("static").fieldNames().forEachRemaining(shown::add);
            shown.remove("");
            List<String> expected = new ArrayList<>();
            reportData.get("segments").fieldNames().forEachRemaining(expected::add);
            assertEquals(expected, shown, "one option per segment of the report");
            assertEquals(3, expected.size(), "smb, enterprise and public_sector all have both outcomes in the holdout");
            for (String segment : expected) {
                JsonNode page = seen.get("static").get(segment);
                JsonNode json = compared.get("segments").get(segment);
                assertEquals(List.of(segment), List.of(page.get("visible").get(0).asText()), "only the chosen segment's view shows");
                assertEquals(1, page.get("visible").size());
                assertEquals(String.format(Locale.ROOT, "%.3f", json.at("/model/auc").asDouble()), page.get("model_auc").asText(), segment);
                assertEquals(String.format(Locale.ROOT, "%.3f", json.at("/rules/auc").asDouble()), page.get("rules_auc").asText(), segment);
                assertTrue(page.get("charts").asInt() >= 4, segment + ": its charts are drawn");
                JsonNode capacity = reportData.at("/segments/" + segment + "/capacity");
                assertEquals(Math.round(capacity.at("/caught/model/" + k).asDouble()), page.get("caught_model").asLong(), segment + " headline");
                JsonNode onServer = seen.get("server").get(segment);
                assertEquals(onServer.at("/api/model").asLong(), onServer.at("/shown/caught_model").asLong(), segment + ": the server's page shows the API's figure");
                assertEquals(page.get("caught_model").asLong(), onServer.at("/api/model").asLong(), segment + ": the static report agrees with the server");
            }
            assertTrue(!seen.at("/static/smb/model_auc").asText().equals(seen.at("/static/enterprise/model_auc").asText()),
                    "the segments show different figures");
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/dashboard/api/capacity?k=3&segment=nope")).header("Authorization", "Bearer " + KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode(), unknown.body());
            assertTrue(unknown.body().contains("query.segment"), unknown.body());
            JsonNode all = seen.get("static").get("");
            assertEquals(String.format(Locale.ROOT, "%.3f", compared.at("/model/auc").asDouble()), all.get("model_auc").asText(), "back to every lead");
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The first 300 leads: the CSV {@code score} wrote equals the server's batch answer, lead by lead. */
    private static void scoreEqualsTheServer(String base, Path data, Path scores) throws Exception {
        Table leads = TableReader.read(data);
        ArrayNode batch = JSON.createArrayNode();
        for (int row = 0; row < 300; row++) {
            batch.add(Cli.leadJson(leads, row));
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/predict/batch"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"leads\":" + batch + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answers = JSON.readTree(r.body()).get("predictions");
        int segmentModels = 0;
        int pooled = 0;
        try (Reader in = Files.newBufferedReader(scores);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            int row = 0;
            for (CSVRecord rec : csv) {
                if (row == 300) {
                    break;
                }
                JsonNode a = answers.get(row);
                String at = "row " + row + ": " + a;
                assertEquals(a.get("probability").asDouble(), Double.parseDouble(rec.get("probability")), 0.0, at);
                assertEquals(a.get("tier").asText(), rec.get("tier"), at);
                assertEquals(a.get("model_version").asText(), rec.get("model_version"), at);
                assertEquals(a.get("segment").isNull() ? "" : a.get("segment").asText(), rec.get("segment"), at);
                assertEquals(a.get("rule_score").asInt(), Integer.parseInt(rec.get("rule_score")), at);
                String team = (String) leads.column("team").get().value(row);
                if (team.equals("public_sector")) {
                    assertTrue(a.get("segment").isNull(), "a small team is served by the pooled model: " + at);
                    pooled++;
                } else {
                    assertEquals(team, a.get("segment").asText(), at);
                    segmentModels++;
                }
                row++;
            }
            assertEquals(300, row);
        }
        assertTrue(segmentModels > 100 && pooled > 0, segmentModels + " leads by segment models, " + pooled + " by the pooled one");
    }
}
