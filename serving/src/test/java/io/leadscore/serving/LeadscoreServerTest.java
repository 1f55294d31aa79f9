package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.TinyModels;
import io.leadscore.rules.RuleSet;
import io.leadscore.rules.RuleSetParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The predict API against a real server on a free port. */
class LeadscoreServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String GOOD = "{\"lead_id\":\"L7\",\"source\":\"referral\",\"job_level\":\"vp\",\"pricing_page_views\":3,"
            + "\"demo_requested\":true,\"email_clicks\":1}";

    @TempDir
    static Path dir;
    static LeadscoreServer server;
    static ConversionModel model;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        model = ModelDirectory.load(TinyModels.write(dir));
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "criteria:\n  - name: Demo\n    column: demo_requested\n    points:\n      - { is: true, points: 40 }\n"
                + "  - name: Pricing\n    column: pricing_page_views\n    points:\n      - { at_least: 1, points: 20 }\ntiers: { warm: 20, hot: 60 }\n");
        RuleSet r = RuleSetParser.parse(rules);
        server = LeadscoreServer.start(model, r, "127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void predictsProbabilityScoreTierReasonsAndTheRuleScore() throws Exception {
        HttpResponse<String> r = post("/v1/predict", GOOD);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode p = JSON.readTree(r.body());
        Map<String, Object> lead = Map.of("source", "referral", "job_level", "vp", "pricing_page_views", 3.0, "demo_requested", true, "email_clicks", 1.0);
        assertEquals(model.probability(lead::get), p.get("probability").asDouble(), 1e-12);
        assertEquals(Math.round(p.get("probability").asDouble() * 100), p.get("score").asInt());
        assertEquals(model.tierOf(p.get("probability").asDouble()).label(), p.get("tier").asText());
        assertEquals(60, p.get("rule_score").asInt());
        assertEquals("hot", p.get("rule_tier").asText());
        assertEquals("L7", p.get("lead_id").asText());
        assertEquals("logistic-tiny", p.get("model_version").asText());
        assertEquals(5, p.get("reasons").size());
        assertTrue(p.get("warnings").isArray() && p.get("warnings").isEmpty());
    }

    @Test
    void aBatchAnswerIsGzippedForAClientThatAsksAndPlainOtherwise() throws Exception {
        StringBuilder body = new StringBuilder("{\"leads\":[");
        for (int i = 0; i < 200; i++) {
            body.append(i == 0 ? "" : ",").append(GOOD.replace("\"L7\"", "\"Z" + i + "\""));
        }
        String batch = body.append("]}").toString();
        HttpResponse<String> plain = post("/v1/predict/batch", batch);
        assertEquals(200, plain.statusCode(), plain.body());
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
        HttpResponse<byte[]> zipped = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/predict/batch")).header("Content-Type", "application/json")
                .header("Accept-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, zipped.statusCode());
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(zipped.body().length < plain.body().length() / 5, "compressed: " + zipped.body().length + " of " + plain.body().length());
        byte[] unzipped = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())).readAllBytes();
        JsonNode a = JSON.readTree(plain.body());
        JsonNode b = JSON.readTree(unzipped);
        assertEquals(200, a.get("predictions").size());
        for (int i = 0; i < 200; i++) {
            assertEquals("Z" + i, b.get("predictions").get(i).get("lead_id").asText());
            assertEquals(a.get("predictions").get(i).get("probability"), b.get("predictions").get(i).get("probability"));
        }
    }

    @Test
    void namesEveryBadFieldByItsPath() throws Exception {
        HttpResponse<String> r = post("/v1/predict", "{\"source\":[1],\"pricing_page_views\":\"3 pages\",\"demo_requested\":\"maybe\",\"email_clicks\":{}}");
        assertEquals(400, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("invalid request", body.get("error").asText());
        JsonNode errors = body.get("errors");
        assertEquals("$.source", errors.get(0).get("path").asText());
        assertEquals("expected a string, got an array", errors.get(0).get("message").asText());
        assertEquals("$.job_level", errors.get(1).get("path").asText());
        assertEquals("required field is missing (expected a string)", errors.get(1).get("message").asText());
        assertEquals("$.pricing_page_views", errors.get(2).get("path").asText());
        assertEquals("$.demo_requested", errors.get(3).get("path").asText());
        assertEquals("$.email_clicks", errors.get(4).get("path").asText());
        assertEquals(5, errors.size());
    }

    @Test
    void optionalFieldsMayBeMissingAndUnknownValuesAreWarned() throws Exception {
        HttpResponse<String> r = post("/v1/predict", "{\"source\":\"fax\",\"job_level\":\"vp\",\"pricing_page_views\":0,\"demo_requested\":false,\"whatever\":1}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode w = JSON.readTree(r.body()).get("warnings");
        assertEquals("source: unseen value 'fax' treated as unknown", w.get(0).asText());
        assertEquals("email_clicks: missing, imputed", w.get(1).asText());
    }

    @Test
    void numbersAndBooleansAreReadFromTextAsTrainingReadsThemWithAWarning() throws Exception {
        double typed = JSON.readTree(post("/v1/predict", GOOD).body()).get("probability").asDouble();
        String[][] same = {{"\"3\"", "\"YES\"", "\"1\""}, {"\"3.0\"", "\"True\"", "\"1e0\""}, {"\"+3\"", "\"1\"", "\".1e1\""}};
        for (String[] v : same) {
            HttpResponse<String> r = post("/v1/predict", "{\"lead_id\":\"L7\",\"source\":\"referral\",\"job_level\":\"vp\",\"pricing_page_views\":" + v[0]
                    + ",\"demo_requested\":" + v[1] + ",\"email_clicks\":" + v[2] + "}");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode p = JSON.readTree(r.body());
            assertEquals(typed, p.get("probability").asDouble(), 0, String.join(",", v));
            assertEquals(List.of("pricing_page_views: " + v[0] + " read as 3.0", "demo_requested: " + v[1] + " read as true",
                    "email_clicks: " + v[2] + " read as 1.0"), JSON.convertValue(p.get("warnings"), List.class));
        }
        for (String no : new String[] {"\"no\"", "\"FALSE\"", "\"0\"", "0", "false"}) {
            JsonNode p = JSON.readTree(post("/v1/predict", "{\"source\":\"referral\",\"job_level\":\"vp\",\"pricing_page_views\":3,"
                    + "\"demo_requested\":" + no + ",\"email_clicks\":1}").body());
            assertTrue(p.get("probability").asDouble() < typed, no);
            assertEquals(no.equals("false") ? 0 : 1, p.get("warnings").size(), no);
        }
        for (String bad : new String[] {"\" 3\"", "\"3 pages\"", "\"0x10\"", "\"1f\"", "\"Infinity\"", "\"1e400\"", "\"\""}) {
            HttpResponse<String> r = post("/v1/predict", "{\"source\":\"referral\",\"job_level\":\"vp\",\"pricing_page_views\":" + bad
                    + ",\"demo_requested\":\"y\"}");
            assertEquals(400, r.statusCode(), bad);
            JsonNode errors = JSON.readTree(r.body()).get("errors");
            assertEquals("$.pricing_page_views", errors.get(0).get("path").asText(), bad);
            assertEquals("expected a number, got a string", errors.get(0).get("message").asText());
            assertEquals("$.demo_requested", errors.get(1).get("path").asText(), bad);
        }
    }

    @Test
    void aLeadReadByPositionScoresAsTheSameLeadReadByName() throws Exception {
        // The plain reader keeps a lead's values by position, and the encoder, the rules and the
        // reasons read them so; a lead the plain reader declines (here: a wrong-typed duplicate of
        // a field before the real one, which the tree reads as the last value) is read by name.
        // The two answers must be the same, for known, unknown and missing values alike.
        SplittableRandom rnd = new SplittableRandom(21);
        String[][] choices = {
                {"\"referral\"", "\"web\"", "\"event\"", "\"fax\"", "null"},
                {"\"vp\"", "\"manager\"", "\"individual\"", "\"intern\"", "7"},
                {"0", "1", "3.5", "4", "12"},
                {"true", "false", "0", "1", "null"},
                {"0", "1", "2", "null", "2.5"}};
        String[] names = {"source", "job_level", "pricing_page_views", "demo_requested", "email_clicks"};
        for (int n = 0; n < 200; n++) {
            StringBuilder fields = new StringBuilder();
            for (int f = 0; f < names.length; f++) {
                if (f >= 2 && rnd.nextInt(6) == 0) {
                    continue; // an optional field left out
                }
                fields.append(",\"").append(names[f]).append("\":").append(choices[f][rnd.nextInt(choices[f].length)]);
            }
            String plain = "{\"lead_id\":\"P" + n + "\",\"other\":{\"x\":1}" + fields + "}";
            String byName = "{\"job_level\":[0],\"lead_id\":\"P" + n + "\",\"other\":{\"x\":1}" + fields + "}";
            HttpResponse<String> a = post("/v1/predict", plain);
            HttpResponse<String> b = post("/v1/predict", byName);
            assertEquals(a.statusCode(), b.statusCode(), plain + " → " + a.body() + " / " + b.body());
            assertEquals(JSON.readTree(a.body()), JSON.readTree(b.body()), plain);
        }
    }

    @Test
    void malformedOrNonObjectBodiesAre400() throws Exception {
        for (String body : new String[] {"", "{", "[]", "42", "null", "{\"source\":\"a\",}"}) {
            HttpResponse<String> r = post("/v1/predict", body);
            assertEquals(400, r.statusCode(), "body " + body + " → " + r.body());
            assertEquals("$", JSON.readTree(r.body()).at("/errors/0/path").asText());
        }
    }

    @Test
    void unknownRoutesAndMethodsAreJsonErrors() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v2/nothing")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, r.statusCode());
        assertTrue(JSON.readTree(r.body()).get("error").asText().startsWith("no such route"));
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("ok", JSON.readTree(health.body()).get("status").asText());
        for (String[] call : new String[][] {{"TRACE", "/v1/predict", "POST"}, {"PUT", "/v1/predict/batch", "POST"}, {"GET", "/v1/outcomes", "POST"},
                {"DELETE", "/health", "GET, HEAD"}, {"TRACE", "/openapi.json", "GET, HEAD"}, {"POST", "/dashboard/login", null}}) {
            HttpResponse<String> m = HTTP.send(HttpRequest.newBuilder(URI.create(base + call[1])).method(call[0], HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (call[2] == null) {
                assertTrue(m.statusCode() != 405, "a supported method: " + call[0] + " " + call[1]);
                continue;
            }
            assertEquals(405, m.statusCode(), call[0] + " " + call[1]);
            assertEquals(call[2], m.headers().firstValue("Allow").orElse(""), call[0] + " " + call[1]);
            assertTrue(JSON.readTree(m.body()).get("error").asText().startsWith("method not allowed"));
        }
        HttpResponse<String> text = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/predict")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(GOOD)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, text.statusCode());
        assertEquals("header.Content-Type", JSON.readTree(text.body()).at("/errors/0/path").asText());
        HttpResponse<String> vendorJson = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/predict")).header("Content-Type",
                "application/vnd.crm+json; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(GOOD)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, vendorJson.statusCode());
    }

    @Test
    void seededRandomPayloadsNeverCauseA5xx() throws Exception {
        SplittableRandom rnd = new SplittableRandom(99);
        String[] fields = {"source", "job_level", "pricing_page_views", "demo_requested", "email_clicks", "lead_id", "x"};
        String[] values = {"1", "-1e308", "1e999", "\"\"", "\"vp\"", "true", "null", "[]", "{}", "\"\\u0000\"", "0.5", "[1,{}]"};
        int fiveHundreds = 0;
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder("{");
            int k = rnd.nextInt(fields.length + 1);
            for (int j = 0; j < k; j++) {
                if (j > 0) {
                    sb.append(',');
                }
                sb.append('"').append(fields[rnd.nextInt(fields.length)]).append("\":").append(values[rnd.nextInt(values.length)]);
            }
            String body = sb.append('}').toString();
            if (rnd.nextInt(5) == 0) {
                body = body.substring(0, rnd.nextInt(body.length()));
            }
            int status = post("/v1/predict", body).statusCode();
            assertTrue(status == 200 || status == 400, "status " + status + " for " + body);
            if (status >= 500) {
                fiveHundreds++;
            }
        }
        assertEquals(0, fiveHundreds);
    }
}
