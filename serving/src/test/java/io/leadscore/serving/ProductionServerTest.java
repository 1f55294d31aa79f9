package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.TinyModels;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.predict.PredictHandler;
import io.leadscore.serving.security.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production API against a real server on a free port: auth, batch, outcomes, models, metrics, OpenAPI, fuzz, hot swap. */
class ProductionServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String API = "api-key-for-tests";
    private static final String ADMIN = "admin-key-for-tests";
    private static final String LEAD = "{\"lead_id\":\"L7\",\"source\":\"referral\",\"job_level\":\"vp\",\"pricing_page_views\":3,"
            + "\"demo_requested\":true,\"email_clicks\":1}";

    @TempDir
    static Path dir;
    static Path modelA;
    static Path modelB;
    static ModelHolder holder;
    static FeedbackStore feedback;
    static LeadscoreServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        modelA = TinyModels.write(dir.resolve("a"), false);
        modelB = TinyModels.write(dir.resolve("b"), true);
        holder = new ModelHolder(source -> ServeCommand.load(Path.of(source), null));
        assertNull(holder.offer(modelA.toString(), ModelHolder.Role.CHAMPION));
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "criteria:\n  - name: Demo\n    column: demo_requested\n    points:\n      - { is: true, points: 40 }\n"
                + "tiers: { warm: 20, hot: 60 }\n");
        feedback = FeedbackStore.open(dir.resolve("feedback.db"));
        ApiKeys keys = ApiKeys.load(Map.of(ApiKeys.API_ENV, API, ApiKeys.ADMIN_ENV, ADMIN), null);
        server = LeadscoreServer.start(ServerConfig.builder(holder).rules(RuleSetParser.parse(rules)).keys(keys).feedback(feedback)
                .reload(() -> holder.offer(modelA.toString(), ModelHolder.Role.CHAMPION)).build());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        feedback.close();
    }

    private static HttpResponse<String> call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteButHealthNeedsAKeyAndAdminRoutesAnAdminKey() throws Exception {
        int checked = 0;
        for (String route : server.routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "1"); // a path parameter: any value
            boolean open = path.startsWith("/health") || path.equals("/dashboard/login");
            if (open) {
                continue;
            }
            HttpResponse<String> none = call(method, path, null, "{}");
            HttpResponse<String> wrong = call(method, path, "not-the-right-key", "{}");
            assertEquals(401, none.statusCode(), route + " without a key");
            assertEquals("Bearer realm=\"leadscore\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(401, wrong.statusCode(), route + " with a wrong key");
            if (path.equals("/dashboard")) {
                HttpResponse<String> browser = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(302, browser.statusCode(), "the dashboard sends browsers to its login");
            }
            if (path.startsWith("/v1/admin") || path.equals("/v1/online-store/reload")) {
                assertEquals(403, call(method, path, API, "{}").statusCode(), route + " with an API key");
            }
            checked++;
        }
        assertTrue(checked >= 10, "routes checked: " + checked);
        assertEquals(200, call("GET", "/health/live", null, null).statusCode());
        assertEquals(200, call("GET", "/health/ready", null, null).statusCode());
    }

    @Test
    void batchScoresEveryLeadOrNamesEveryBadOne() throws Exception {
        int logged = feedback.predictions().size();
        HttpResponse<String> ok = call("POST", "/v1/predict/batch", API, "{\"leads\":[" + LEAD + "," + LEAD + "," + LEAD + "]}");
        assertEquals(logged + 3, feedback.predictions().size(), "every answered lead is logged");
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode p = JSON.readTree(ok.body()).get("predictions");
        assertEquals(3, p.size());
        assertEquals(JSON.readTree(call("POST", "/v1/predict", API, LEAD).body()).get("probability").asDouble(), p.get(2).get("probability").asDouble(), 0);
        HttpResponse<String> bad = call("POST", "/v1/predict/batch", API, "{\"leads\":[" + LEAD + ",{\"source\":1.5}]}");
        assertEquals(400, bad.statusCode());
        assertEquals("$.leads[1].source", JSON.readTree(bad.body()).at("/errors/0/path").asText());
        assertEquals(logged + 4, feedback.predictions().size(), "a refused batch logs none of its leads (the single predict above: one)");
        StringBuilder big = new StringBuilder("{\"leads\":[");
        for (int i = 0; i <= PredictHandler.MAX_BATCH; i++) {
            big.append(i == 0 ? "" : ",").append("{}");
        }
        // A body over the limit, with its length declared and streamed without one (chunked), sent
        // whole by a client that writes it all before reading (no 100-continue): no reset while it
        // sends, then a 413 — the server drops the rest of the body before answering.
        byte[] piece = new byte[1 << 20];
        java.util.Arrays.fill(piece, (byte) ' ');
        int pieces = (int) (HttpJson.MAX_BODY_BYTES / piece.length) + 1;
        for (boolean chunked : new boolean[] {false, true}) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(30_000);
                var out = s.getOutputStream();
                out.write(("POST /v1/predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + API + "\r\nContent-Type: application/json\r\n"
                        + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + (long) pieces * piece.length) + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                for (int i = 0; i < pieces; i++) {
                    if (chunked) {
                        out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    }
                    out.write(piece); // throws if the server resets the connection before reading it all
                    if (chunked) {
                        out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    }
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
                out.flush();
                var in = new java.io.DataInputStream(new java.io.BufferedInputStream(s.getInputStream()));
                String status = asciiLine(in);
                assertTrue(status.startsWith("HTTP/1.1 413"), (chunked ? "chunked: " : "declared: ") + status);
                int length = -1;
                for (String header; !(header = asciiLine(in)).isEmpty(); ) {
                    if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                assertTrue(length > 0, "the 413 has a body");
                byte[] answer = new byte[length];
                in.readFully(answer);
                assertTrue(JSON.readTree(answer).get("error").asText().contains("too large"), new String(answer, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        HttpResponse<String> tooMany = call("POST", "/v1/predict/batch", API, big.append("]}").toString());
        assertEquals(413, tooMany.statusCode());
        assertTrue(tooMany.body().contains("at most 10000"), tooMany.body());
    }

    @Test
    void largeBatchesAreScoredInParallelInRequestOrder() throws Exception {
        String[] sources = {"referral", "web", "event", "paid_search"};
        StringBuilder body = new StringBuilder("{\"note\": {\"leads\": []}, \"leads\": [");
        java.util.List<String> leads = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String lead = "{\"lead_id\":\"B" + i + "\",\"source\":\"" + sources[i % 4] + "\",\"job_level\":\"vp\","
                    + "\"pricing_page_views\":" + (i % 9) + ",\"demo_requested\":" + (i % 3 == 0) + ",\"email_clicks\":" + (i % 5) + "}";
            leads.add(lead);
            body.append(i == 0 ? "" : ",\n ").append(lead);
        }
        HttpResponse<String> ok = call("POST", "/v1/predict/batch", API, body.append("]}").toString());
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode p = JSON.readTree(ok.body()).get("predictions");
        assertEquals(300, p.size());
        for (int i : new int[] {0, 1, 77, 150, 299}) {
            JsonNode one = JSON.readTree(call("POST", "/v1/predict", API, leads.get(i)).body());
            assertEquals("B" + i, p.get(i).get("lead_id").asText());
            assertEquals(one, p.get(i), "lead " + i + " scores the same alone and in a batch");
        }
        leads.set(70, leads.get(70).replace("\"pricing_page_views\":7", "\"pricing_page_views\":\"many\""));
        leads.set(150, "[]");
        HttpResponse<String> bad = call("POST", "/v1/predict/batch", API, "{\"leads\":[" + String.join(",", leads) + "]}");
        assertEquals(400, bad.statusCode());
        JsonNode errors = JSON.readTree(bad.body()).get("errors");
        assertEquals("$.leads[70].pricing_page_views", errors.get(0).get("path").asText(), bad.body());
        assertEquals("$.leads[150]", errors.get(1).get("path").asText(), bad.body());
        assertEquals(2, errors.size());
    }

    /** One line of an HTTP head, without its CRLF. */
    private static String asciiLine(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Test
    void bodiesAreReadWholeOrRefused() throws Exception {
        // A 3 MiB batch (more than the first array a body is read into, so it grows twice): every lead scored.
        StringBuilder body = new StringBuilder("{\"leads\":[");
        for (int i = 0; i < 9_000; i++) {
            body.append(i == 0 ? "" : ",").append(LEAD.replace("\"L7\"", "\"G" + i + "\"")).append(" ".repeat(250));
        }
        String big = body.append("]}").toString();
        assertTrue(big.length() > 3 << 20, "bigger than two doublings of the first read: " + big.length());
        HttpResponse<String> ok = call("POST", "/v1/predict/batch", API, big);
        assertEquals(200, ok.statusCode(), ok.body().substring(0, Math.min(300, ok.body().length())));
        JsonNode p = JSON.readTree(ok.body()).get("predictions");
        assertEquals(9_000, p.size());
        assertEquals("G8999", p.get(8_999).get("lead_id").asText());

        // A body that ends before its Content-Length: a 400, and the server goes on.
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            String head = "POST /v1/predict HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + API
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
            s.getOutputStream().write((head + LEAD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            s.shutdownOutput();
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("\"path\":\"$\""), answer);
        }
        assertEquals(200, call("POST", "/v1/predict", API, LEAD).statusCode());
    }

    @Test
    void malformedBatchBodiesAreNamedNotCrashed() throws Exception {
        HttpResponse<String> truncated = call("POST", "/v1/predict/batch", API, "{\"leads\":[" + LEAD + ",\n {\"source\": ");
        assertEquals(400, truncated.statusCode());
        assertTrue(JSON.readTree(truncated.body()).at("/errors/0/message").asText().startsWith("malformed JSON at line 2"), truncated.body());
        for (String shape : new String[] {"[1, 2]", "{\"leads\": 3}", "{\"lead\": []}", "{\"leads\": [], \"leads\": {}}", "  "}) {
            HttpResponse<String> r = call("POST", "/v1/predict/batch", API, shape);
            assertEquals(400, r.statusCode(), shape);
            assertEquals("$.leads", JSON.readTree(r.body()).at("/errors/0/path").asText(), shape + " -> " + r.body());
        }
        HttpResponse<String> garbage = call("POST", "/v1/predict/batch", API, "{\"leads\":[" + LEAD + " x]}");
        assertEquals(400, garbage.statusCode());
        assertTrue(JSON.readTree(garbage.body()).at("/errors/0/message").asText().startsWith("malformed JSON at line 1"), garbage.body());
        String tricky = LEAD.replace("\"L7\"", "\"L]\\\"},{,[7\"");
        HttpResponse<String> strings = call("POST", "/v1/predict/batch", API, " {\n \"leads\" : [ " + tricky + " ,\n" + LEAD + " ] }\n");
        assertEquals(200, strings.statusCode(), strings.body());
        assertEquals("L]\"},{,[7", JSON.readTree(strings.body()).at("/predictions/0/lead_id").asText());
        assertEquals("L7", JSON.readTree(strings.body()).at("/predictions/1/lead_id").asText());
        HttpResponse<String> more = call("POST", "/v1/predict/batch", API, "{\"leads\":[" + LEAD + "], \"note\": \"]\"}");
        assertEquals(200, more.statusCode(), "other fields beside leads: " + more.body());
        HttpResponse<String> unclosed = call("POST", "/v1/predict/batch", API, "{\"leads\":[" + LEAD + ", [1, {]]}");
        assertEquals(400, unclosed.statusCode(), unclosed.body());
        assertTrue(JSON.readTree(unclosed.body()).at("/errors/0/message").asText().startsWith("malformed JSON"), unclosed.body());
        HttpResponse<String> empty = call("POST", "/v1/predict/batch", API, "{\"leads\": []}");
        assertEquals(200, empty.statusCode());
        assertEquals(0, JSON.readTree(empty.body()).get("predictions").size());
    }

    @Test
    void outcomesAreDurableIdempotentAndValidated() throws Exception {
        String o = "{\"outcome_id\":\"o-77\",\"lead_id\":\"L7\",\"outcome\":\"converted\",\"at\":\"2026-05-01T10:00:00Z\",\"deal_value\":5000}";
        assertEquals(201, call("POST", "/v1/outcomes", API, o).statusCode());
        assertEquals(200, call("POST", "/v1/outcomes", API, o).statusCode());
        assertEquals(409, call("POST", "/v1/outcomes", API, o.replace("converted", "lost")).statusCode());
        assertEquals("L7", feedback.outcome("o-77").leadId());
        HttpResponse<String> bad = call("POST", "/v1/outcomes", API, "{\"lead_id\":5.5,\"outcome\":\"won\",\"at\":\"yesterday\",\"deal_value\":-1}");
        assertEquals(400, bad.statusCode());
        Set<String> paths = new TreeSet<>();
        JSON.readTree(bad.body()).get("errors").forEach(e -> paths.add(e.get("path").asText()));
        assertEquals(new TreeSet<>(Set.of("$.outcome_id", "$.lead_id", "$.outcome", "$.at", "$.deal_value")), paths);
    }

    @Test
    void modelsMetricsAndReadiness() throws Exception {
        call("POST", "/v1/predict", API, LEAD);
        JsonNode models = JSON.readTree(call("GET", "/v1/models", API, null).body());
        assertNotNull(models.at("/champion/version").asText());
        assertTrue(models.at("/champion/loaded_at").asText().startsWith("20"));
        String metrics = call("GET", "/metrics", API, null).body();
        assertTrue(metrics.contains("leadscore_http_requests_seconds_bucket{"), "latency histogram");
        assertTrue(metrics.contains("route=\"/v1/predict\""), "per route");
        assertTrue(metrics.contains("leadscore_predictions_total{"), "predictions per tier");
        assertTrue(metrics.contains("leadscore_model_loaded{") && metrics.contains("role=\"champion\""), "model version");
        assertTrue(metrics.contains("leadscore_rejected_requests_total{"), "rejected requests");
    }

    @Test
    void aLeadsHistoryAndTheWebhookOutboxCheckTheirParameters() throws Exception {
        call("POST", "/v1/predict", API, LEAD);
        feedback.flush();
        JsonNode history = JSON.readTree(call("GET", "/v1/leads/L7/scores?limit=1", API, null).body());
        assertEquals("L7", history.get("lead_id").asText());
        assertEquals(1, history.get("scores").size());
        assertEquals(Set.of("predicted_at", "probability", "score", "tier", "model_version", "segment"),
                fieldNames(history.at("/scores/0")));
        assertEquals(0, JSON.readTree(call("GET", "/v1/leads/L7/scores?since=2999-01-01T00:00:00Z", API, null).body()).get("scores").size());
        HttpResponse<String> bad = call("GET", "/v1/leads/L7/scores?since=yesterday&limit=0", API, null);
        assertEquals(400, bad.statusCode());
        assertEquals(List.of("query.since", "query.limit"), JSON.readTree(bad.body()).findValuesAsText("path"));
        assertEquals(400, call("GET", "/v1/admin/webhooks?status=lost", ADMIN, null).statusCode());
        JsonNode outbox = JSON.readTree(call("GET", "/v1/admin/webhooks", ADMIN, null).body());
        assertEquals(0, outbox.get("deliveries").size(), "no webhooks configured: nothing written");
        HttpResponse<String> none = call("POST", "/v1/admin/webhooks/424242/redeliver", ADMIN, null);
        assertEquals(404, none.statusCode());
        assertEquals("path.id", JSON.readTree(none.body()).at("/errors/0/path").asText());
        assertEquals(400, call("POST", "/v1/admin/webhooks/x/redeliver", ADMIN, null).statusCode());
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> names = new TreeSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void openApiMatchesTheRoutesAndTheResponses() throws Exception {
        JsonNode spec = JSON.readTree(call("GET", "/openapi.json", API, null).body());
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.get("paths").fields(); it.hasNext(); ) {
            var e = it.next();
            e.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + e.getKey()));
        }
        assertEquals(new TreeSet<>(server.routes()), documented, "every route documented, nothing documented that is not served");
        JsonNode prediction = JSON.readTree(call("POST", "/v1/predict", API, LEAD).body());
        Set<String> required = new TreeSet<>();
        spec.at("/components/schemas/Prediction/required").forEach(r -> required.add(r.asText()));
        Set<String> actual = new TreeSet<>();
        prediction.fieldNames().forEachRemaining(actual::add);
        assertEquals(required, actual, "the Prediction schema lists exactly the keys a prediction has");
        Set<String> properties = new HashSet<>();
        spec.at("/components/schemas/Prediction/properties").fieldNames().forEachRemaining(properties::add);
        assertTrue(properties.containsAll(actual));
        JsonNode error = JSON.readTree(call("POST", "/v1/predict", API, "{").body());
        Set<String> errorKeys = new TreeSet<>();
        error.fieldNames().forEachRemaining(errorKeys::add);
        Set<String> errorRequired = new TreeSet<>();
        spec.at("/components/schemas/Error/required").forEach(r -> errorRequired.add(r.asText()));
        assertEquals(errorRequired, errorKeys);
    }

    @Test
    void openApiDescribesTheServedModelAndEveryAnswerAndFollowsTheChampion() throws Exception {
        JsonNode spec = JSON.readTree(call("GET", "/openapi.json", API, null).body());
        var champion = holder.champion().model();
        assertEquals(champion.card().modelVersion(), spec.at("/info/x-model-version").asText());
        JsonNode lead = spec.at("/components/schemas/LeadFields");
        assertEquals("#/components/schemas/LeadFields", spec.at("/components/schemas/Lead/$ref").asText(), "one form: no events, no online store");
        Set<String> required = new TreeSet<>();
        lead.get("required").forEach(r -> required.add(r.asText()));
        Set<String> features = new TreeSet<>();
        spec.at("/components/schemas/Reason/properties/feature/x-known-values").forEach(f -> features.add(f.asText()));
        Set<String> inputs = new TreeSet<>();
        for (var in : champion.encoding().inputs()) {
            inputs.add(in.name());
            JsonNode field = lead.at("/properties/" + in.name());
            assertEquals(in.required(), required.contains(in.name()), in.name());
            Set<String> types = new TreeSet<>();
            field.get("anyOf").forEach(t -> types.add(t.get("type").asText()));
            switch (in.type()) {
                case NUMERIC -> assertEquals(Set.of("number", "string"), types, in.name());
                case BOOLEAN -> assertEquals(Set.of("boolean", "number", "string"), types, in.name());
                case CATEGORICAL -> {
                    assertEquals(Set.of("integer", "string"), types, in.name());
                    assertEquals(in.levels(), JSON.convertValue(field.at("/anyOf/0/x-known-values"), java.util.List.class), in.name());
                }
                default -> throw new AssertionError(in.name());
            }
            assertEquals(!in.required(), field.at("/anyOf/0/nullable").asBoolean(), in.name());
        }
        assertEquals(inputs, features, "reasons name the model's inputs");
        // every route's answers: 401 where it needs a key, 405 everywhere, 400/413/415 where a body is read
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.get("paths").fields(); it.hasNext(); ) {
            var path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                String route = op.getKey() + " " + path.getKey();
                JsonNode answers = op.getValue().get("responses");
                boolean open = op.getValue().has("security") && op.getValue().get("security").isEmpty();
                assertTrue(open || answers.has("401"), route);
                assertTrue(answers.has("405"), route);
                for (String status : new String[] {"400", "413", "415"}) {
                    assertEquals(op.getValue().has("requestBody") || answers.has(status) && status.equals("400"), answers.has(status), route + " " + status);
                }
            }
        }
        assertTrue(spec.at("/paths/~1v1~1admin~1reload/post/responses/403").isObject());
        assertTrue(spec.at("/paths/~1v1~1outcomes/post/responses/409").isObject());
        assertTrue(spec.at("/paths/~1v1~1outcomes/post/responses/503").isObject());
        assertEquals("bearer", spec.at("/components/securitySchemes/bearer/scheme").asText());
        // a new champion, a new document
        assertNull(holder.offer(modelB.toString(), ModelHolder.Role.CHAMPION));
        try {
            JsonNode next = JSON.readTree(call("GET", "/openapi.json", API, null).body());
            assertEquals(holder.champion().version(), next.at("/info/x-model-version").asText());
            assertTrue(!next.at("/info/x-model-version").equals(spec.at("/info/x-model-version")));
        } finally {
            assertNull(holder.offer(modelA.toString(), ModelHolder.Role.CHAMPION));
        }
    }

    @Test
    void tenThousandSeededMalformedPayloadsNeverGetA5xx() throws Exception {
        SplittableRandom rnd = new SplittableRandom(2026);
        String[] paths = {"/v1/predict", "/v1/predict/batch", "/v1/outcomes"};
        String[] fields = {"source", "job_level", "pricing_page_views", "demo_requested", "email_clicks", "lead_id", "leads", "outcome_id",
                "outcome", "at", "deal_value", "events", "attributes", "scored_at", "x"};
        String[] values = {"1", "-1e308", "1e999", "\"\"", "\"vp\"", "true", "null", "[]", "{}", "\"\\u0000\"", "0.5", "[1,{}]",
                "\"2026-01-01T00:00:00Z\"", "[{\"type\":\"page_view\"}]", "\"converted\"", "[{}, null, 3]", "{\"a\":{\"b\":[]}}"};
        int serverErrors = 0;
        for (int i = 0; i < 10_000; i++) {
            StringBuilder sb = new StringBuilder("{");
            int k = rnd.nextInt(fields.length + 1);
            for (int j = 0; j < k; j++) {
                sb.append(j > 0 ? "," : "").append('"').append(fields[rnd.nextInt(fields.length)]).append("\":").append(values[rnd.nextInt(values.length)]);
            }
            String body = sb.append('}').toString();
            switch (rnd.nextInt(6)) {
                case 0 -> body = body.substring(0, rnd.nextInt(body.length()));
                case 1 -> body = "[" + body + "]";
                case 2 -> body = new String(new char[] {(char) rnd.nextInt(32, 127), (char) rnd.nextInt(0, 0xD7FF)});
                default -> { }
            }
            int status = call("POST", paths[rnd.nextInt(paths.length)], API, body).statusCode();
            if (status >= 500) {
                serverErrors++;
            }
            assertTrue(status < 500, "status " + status + " for " + body);
        }
        assertEquals(0, serverErrors);
        assertEquals(200, call("GET", "/health/ready", null, null).statusCode());
    }

    @Test
    void hundredSwapsUnderLoadFailNoRequestAndACorruptModelIsRefused() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Thread[] clients = new Thread[3];
        for (int t = 0; t < clients.length; t++) {
            clients[t] = new Thread(() -> {
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (running.get() && System.nanoTime() < deadline) {
                    try {
                        if (call("POST", "/v1/predict", API, LEAD).statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            clients[t].start();
        }
        Set<String> versions = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertNull(holder.offer((i % 2 == 0 ? modelB : modelA).toString(), ModelHolder.Role.CHAMPION));
            versions.add(holder.champion().version());
        }
        running.set(false);
        for (Thread t : clients) {
            t.join();
        }
        assertEquals(0, failed.get(), "failed requests during swaps");
        assertTrue(ok.get() > 100, "requests served during swaps: " + ok.get());
        assertEquals(2, versions.size());

        String serving = holder.champion().version();
        Path corrupt = dir.resolve("corrupt");
        Files.createDirectories(corrupt);
        Files.copy(modelA.resolve(ModelDirectory.CARD_FILE), corrupt.resolve(ModelDirectory.CARD_FILE));
        Files.write(corrupt.resolve(ModelDirectory.MODEL_FILE), new byte[] {42, 42, 42});
        ModelHolder.Refusal r = holder.offer(corrupt.toString(), ModelHolder.Role.CHAMPION);
        assertNotNull(r);
        assertTrue(r.reason().contains("unreadable model"), r.reason());
        assertEquals(serving, holder.champion().version(), "the old model keeps serving");
        assertEquals(200, call("POST", "/v1/predict", API, LEAD).statusCode());
        JsonNode models = JSON.readTree(call("GET", "/v1/models", API, null).body());
        assertTrue(models.at("/last_refusal/reason").asText().contains("unreadable model"));
    }
}
