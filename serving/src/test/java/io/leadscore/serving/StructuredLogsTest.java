package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.TinyModels;
import io.leadscore.testing.ServerChild;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server started as {@code bin/leadscore serve} starts it logs one JSON object per line, with the
 * events' fields, and never what a lead carries (names, emails, phones) nor the keys, whatever the
 * requests — good, refused, malformed — and when a model is refused.
 */
class StructuredLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "api-key-never-logged-7f3a";
    private static final String ADMIN = "admin-key-never-logged-9c1e";
    /** Personal data sent in every way a CRM might: none of it may reach the log. */
    private static final List<String> PERSONAL = List.of("Jane Q. Doe", "jane.doe@example.com", "+1 555 0100", "Doe-Smythe");

    @TempDir
    Path dir;

    @Test
    void everyLineIsJsonWithTheEventsFieldsAndNoPersonalData() throws Exception {
        Path model = TinyModels.write(dir.resolve("model"));
        Path log = dir.resolve("server.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.leadscore.serving.ServeCommand", "--model", model.toString(), "--port", "0",
                "--feedback", dir.resolve("feedback.db").toString(), "--poll-seconds", "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
        pb.environment().put("LEADSCORE_API_KEYS", API);
        pb.environment().put("LEADSCORE_ADMIN_KEYS", ADMIN);
        Process server = pb.start();
        StringBuilder stdout = new StringBuilder();
        try {
            String base = ServerChild.address(server, stdout);
            assertNotNull(base, "the server printed its address; its log: " + Files.readString(log));
            HttpClient http = HttpClient.newHttpClient();
            String person = "\"name\": \"Jane Q. Doe\", \"email\": \"jane.doe@example.com\", \"phone\": \"+1 555 0100\", \"last_name\": \"Doe-Smythe\"";
            String lead = "{\"lead_id\": \"L1\", " + person + ", \"source\": \"referral\", \"job_level\": \"vp\", \"pricing_page_views\": 3, \"demo_requested\": true, \"email_clicks\": 1}";
            Map<String, Integer> sent = new HashMap<>();
            sent.put("/v1/predict good", post(http, base + "/v1/predict", API, lead));
            sent.put("/v1/predict wrong type", post(http, base + "/v1/predict", API,
                    "{" + person + ", \"pricing_page_views\": \"jane.doe@example.com\", \"source\": \"+1 555 0100\"}"));
            sent.put("/v1/predict malformed", post(http, base + "/v1/predict", API, "{\"email\": \"jane.doe@example.com\", Jane Q. Doe"));
            sent.put("/v1/predict/batch", post(http, base + "/v1/predict/batch", API,
                    "{\"leads\": [" + lead + ", {\"source\": [\"jane.doe@example.com\"]}]}"));
            sent.put("/v1/outcomes", post(http, base + "/v1/outcomes", API,
                    "{\"outcome_id\": \"o1\", \"lead_id\": \"L1\", \"outcome\": \"converted\", \"note\": \"Jane Q. Doe\"}"));
            sent.put("/v1/outcomes bad", post(http, base + "/v1/outcomes", API, "{\"outcome_id\": \"+1 555 0100\", \"outcome\": \"Doe-Smythe\"}"));
            sent.put("wrong key", post(http, base + "/v1/predict", "jane.doe@example.com", lead));
            Files.write(model.resolve(ModelDirectory.MODEL_FILE), new byte[] {42, 42, 42});
            sent.put("reload corrupt", post(http, base + "/v1/admin/reload", ADMIN, "{}"));
            assertEquals(Map.of("/v1/predict good", 200, "/v1/predict wrong type", 400, "/v1/predict malformed", 400, "/v1/predict/batch", 400,
                    "/v1/outcomes", 201, "/v1/outcomes bad", 400, "wrong key", 401, "reload corrupt", 422), sent);
        } finally {
            server.destroy(); // SIGTERM: a graceful stop
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }

        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        Map<String, JsonNode> events = new HashMap<>();
        for (String line : lines) {
            JsonNode e = JSON.readTree(line); // throws on a line that is not JSON
            assertTrue(e.isObject(), line);
            for (String field : new String[] {"timestamp", "level", "loggerName", "formattedMessage"}) {
                assertTrue(e.hasNonNull(field), field + " in " + line);
            }
            Map<String, String> kv = new HashMap<>();
            e.path("kvpList").forEach(pair -> pair.fields().forEachRemaining(f -> kv.put(f.getKey(), f.getValue().asText())));
            if (kv.containsKey("event")) {
                events.put(kv.get("event"), JSON.valueToTree(kv));
            }
        }
        assertEquals("champion", events.get("model_loaded").path("role").asText(), "the model load is an event: " + lines);
        assertTrue(events.get("started").path("port").asInt() > 0, "the start is an event with its port: " + lines);
        assertTrue(events.get("model_refused").path("reason").asText().contains("unreadable model"), "a refused model says why: " + lines);
        String everything;
        synchronized (stdout) {
            everything = String.join("\n", lines) + "\n" + stdout;
        }
        for (String secret : concat(PERSONAL, List.of(API, ADMIN))) {
            assertFalse(everything.contains(secret), "the log holds '" + secret + "':\n" + everything);
            assertFalse(everything.contains(JSON.writeValueAsString(secret).replace("\"", "")), "the log holds '" + secret + "' escaped");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int post(HttpClient http, String url, String key, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
