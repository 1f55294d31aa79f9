package io.leadscore.serving.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.feedback.TestPostgres;
import io.leadscore.model.TinyModels;
import io.leadscore.testing.ServerChild;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier-change webhooks end to end: real servers ({@code serve} in child processes) on a real store,
 * a real HTTP receiver started by the test, each request's Standard Webhooks signature checked
 * here with the HMAC computed independently. The expected events are derived from the answers the
 * server gave: every consecutive pair of a lead's predictions with different tiers. Also: a delivery
 * never taken is marked failed, counted, logged and redelivered on request.
 */
class TierChangeWebhooksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = new byte[32];
    private static final String SECRET;

    static {
        SplittableRandom rnd = new SplittableRandom(23);
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) rnd.nextInt(256);
        }
        SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    private record Server(Process process, String base, StringBuilder output) {
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Server serve(Path model, String feedback, String webhookUrl, String... extra) throws Exception {
        Path secret = dir.resolve("webhook.secret");
        Files.writeString(secret, SECRET + "\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.leadscore.serving.ServeCommand", "--model", model.toString(), "--port", "0",
                "--no-auth", "--feedback", feedback, "--poll-seconds", "0", "--live-refresh-seconds", "0",
                "--webhook-url", webhookUrl, "--webhook-secret-file", secret.toString(), "--webhook-first-retry", "200ms"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        StringBuilder output = new StringBuilder();
        String base = ServerChild.address(p, output);
        assertNotNull(base, "the server printed its address: " + output);
        return new Server(p, base, output);
    }

    private JsonNode send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()).build()
                : b.method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), method + " " + url + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** Predicts a lead and keeps the answer under its id, in order. */
    private JsonNode predict(String base, String leadId, Map<String, Object> features, Map<String, List<JsonNode>> answers) throws Exception {
        ObjectNode lead = JSON.valueToTree(features);
        lead.put("lead_id", leadId);
        JsonNode answer = send("POST", base + "/v1/predict", lead.toString());
        answers.computeIfAbsent(leadId, k -> new ArrayList<>()).add(answer);
        return answer;
    }

    /** Every lead once per round, in a seeded order, each to a random server; a pause between rounds. */
    private void rounds(List<Server> servers, int leads, int rounds, SplittableRandom rnd, Map<String, List<JsonNode>> answers,
                        long pauseMillis) throws Exception {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < leads; i++) {
                predict(servers.get(rnd.nextInt(servers.size())).base(), "lead-" + i, TinyModels.lead(rnd), answers);
            }
            Thread.sleep(pauseMillis);
        }
    }

    /** The tier changes the answers imply: {@code lead previous>tier previous_score>score}, sorted. */
    private static List<String> expectedEvents(Map<String, List<JsonNode>> answers) {
        List<String> out = new ArrayList<>();
        answers.forEach((lead, list) -> {
            for (int i = 1; i < list.size(); i++) {
                JsonNode before = list.get(i - 1);
                JsonNode now = list.get(i);
                if (!before.get("tier").asText().equals(now.get("tier").asText())) {
                    out.add(lead + " " + before.get("tier").asText() + ">" + now.get("tier").asText() + " "
                            + before.get("score").asInt() + ">" + now.get("score").asInt());
                }
            }
        });
        out.sort(null);
        return out;
    }

    private static String event(String body) throws Exception {
        JsonNode e = JSON.readTree(body);
        assertEquals("lead.tier_changed", e.get("type").asText());
        JsonNode d = e.get("data");
        assertTrue(d.get("reasons").isArray() && d.get("reasons").size() > 0, "the top reasons travel with the event: " + body);
        return d.get("lead_id").asText() + " " + d.get("previous_tier").asText() + ">" + d.get("tier").asText() + " "
                + d.get("previous_score").asInt() + ">" + d.get("score").asInt();
    }

    /** Checks a request's signature as a CRM would: HMAC-SHA256 of "id.timestamp.body" with the secret's bytes. */
    private static void assertSigned(WebhookReceiver.Received r) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, r.signature(), "signature of " + r.id());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(r.timestamp())) < 300, "a fresh timestamp");
        assertTrue(r.id().startsWith("evt_"), r.id());
    }

    private static void waitUntil(long seconds, BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(100);
        }
    }

    /** Waits until the admin listing at {@code url} satisfies {@code done}. */
    private void waitForListing(long seconds, String url, java.util.function.Predicate<JsonNode> done, String what) throws InterruptedException {
        waitUntil(seconds, () -> {
            try {
                return done.test(send("GET", url, null));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, what);
    }

    private static long distinctAccepted(WebhookReceiver receiver) {
        return receiver.accepted().stream().map(WebhookReceiver.Received::id).distinct().count();
    }

    /** Every request signed; each event accepted exactly once; the accepted events are the expected ones. */
    private static void assertDeliveredOnce(WebhookReceiver receiver, List<String> expected) throws Exception {
        for (WebhookReceiver.Received r : receiver.received()) {
            assertSigned(r);
        }
        Map<String, Long> perId = receiver.accepted().stream().collect(Collectors.groupingBy(WebhookReceiver.Received::id, Collectors.counting()));
        assertTrue(perId.values().stream().allMatch(n -> n == 1), "each event accepted once: " + perId);
        List<String> events = new ArrayList<>();
        for (WebhookReceiver.Received r : receiver.accepted()) {
            events.add(event(r.body()));
        }
        events.sort(null);
        assertEquals(expected, events);
    }

    private void assertHistory(String base, String lead, List<JsonNode> predicted) throws Exception {
        JsonNode history = send("GET", base + "/v1/leads/" + lead + "/scores?limit=1000", null);
        assertEquals(lead, history.get("lead_id").asText());
        JsonNode scores = history.get("scores");
        assertEquals(predicted.size(), scores.size(), history.toString());
        for (int i = 0; i < predicted.size(); i++) {
            JsonNode want = predicted.get(predicted.size() - 1 - i); // newest first
            JsonNode got = scores.get(i);
            assertEquals(want.get("score").asInt(), got.get("score").asInt());
            assertEquals(want.get("tier").asText(), got.get("tier").asText());
            assertEquals(want.get("probability").asDouble(), got.get("probability").asDouble(), 1e-12);
            assertEquals(want.get("model_version").asText(), got.get("model_version").asText());
            assertTrue(got.has("segment") && got.get("segment").isNull());
        }
    }

    @Test
    void everyTierChangeArrivesSignedThroughRefusalsAnOutageAndARestart() throws Exception {
        Path model = TinyModels.write(dir);
        String db = dir.resolve("feedback.db").toString();
        try (WebhookReceiver receiver = new WebhookReceiver(3)) {
            Server first = serve(model, db, receiver.url(), "--webhook-max-retry-time", "10m");
            SplittableRandom rnd = new SplittableRandom(7);
            Map<String, List<JsonNode>> answers = new LinkedHashMap<>();
            rounds(List.of(first), 20, 3, rnd, answers, 0);
            assertTrue(expectedEvents(answers).size() >= 10, "enough tier changes: " + expectedEvents(answers));
            waitUntil(30, () -> receiver.accepted().size() >= 1, "the receiver takes a delivery after refusing 3");

            receiver.stop(); // down: connections refused
            rounds(List.of(first), 20, 2, rnd, answers, 0);
            Thread.sleep(1_000); // attempts fail meanwhile
            first.process().destroy(); // a graceful stop (SIGTERM) while deliveries are due
            assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
            Server second = serve(model, db, receiver.url(), "--webhook-max-retry-time", "10m");
            Thread.sleep(1_000);
            receiver.start(); // back, on the same port

            List<String> expected = expectedEvents(answers);
            waitUntil(60, () -> distinctAccepted(receiver) >= expected.size(), "all " + expected.size() + " events delivered");
            Thread.sleep(1_000); // a repeat would show
            assertDeliveredOnce(receiver, expected);
            List<WebhookReceiver.Received> refused = receiver.received().stream().filter(r -> r.status() != 200).toList();
            assertEquals(3, refused.size(), "503 three times; while down nothing reaches it");
            Map<String, String> acceptedBodies = new HashMap<>();
            receiver.accepted().forEach(r -> acceptedBodies.put(r.id(), r.body()));
            for (WebhookReceiver.Received r : refused) {
                assertEquals(r.body(), acceptedBodies.get(r.id()), "a refused event is retried under the same webhook-id and body");
            }
            assertTrue(receiver.received().size() > expected.size(), "some were retried");

            waitForListing(10, second.base() + "/v1/admin/webhooks", listing -> listing.at("/counts/pending").asLong() == 0, "every taken delivery marked delivered");
            JsonNode listed = send("GET", second.base() + "/v1/admin/webhooks?status=delivered&limit=1000", null);
            assertEquals(expected.size(), listed.get("deliveries").size());
            assertEquals(0, listed.at("/counts/pending").asLong());
            assertEquals(0, listed.at("/counts/failed").asLong());
            assertTrue(listed.at("/deliveries/0/attempts").asInt() >= 1);
            for (String lead : List.of("lead-0", "lead-1", "lead-19")) {
                assertHistory(second.base(), lead, answers.get(lead));
            }
            String metrics = new String(http.send(HttpRequest.newBuilder(URI.create(second.base() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
            assertTrue(metrics.contains("leadscore_webhook_deliveries_total{result=\"delivered\"}"), metrics);
            assertTrue(metrics.contains("leadscore_webhook_outbox_pending 0.0"), metrics);
            assertTrue(!second.output().toString().contains(SECRET.substring(6, 20)) && !first.output().toString().contains(SECRET.substring(6, 20)),
                    "the secret is never logged");
        }
    }

    @Test
    void noWebhookWhileATierStaysAndTheHistoryIsWhatWasPredicted() throws Exception {
        Path model = TinyModels.write(dir);
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            Server server = serve(model, dir.resolve("steady.db").toString(), receiver.url());
            SplittableRandom rnd = new SplittableRandom(11);
            Map<String, List<JsonNode>> answers = new LinkedHashMap<>();
            Map<String, List<Map<String, Object>>> byTier = new HashMap<>();
            for (int i = 0; i < 60; i++) { // probes: a lead's first prediction is never an event
                Map<String, Object> features = TinyModels.lead(rnd);
                byTier.computeIfAbsent(predict(server.base(), "probe-" + i, features, answers).get("tier").asText(), k -> new ArrayList<>())
                        .add(features);
            }
            assertTrue(byTier.size() >= 2, "the probes span tiers: " + byTier.keySet());
            List<String> tiers = new ArrayList<>(byTier.keySet());
            tiers.sort(null);
            for (int j = 0; j < 12; j++) { // each steady lead moves its score within one tier
                List<Map<String, Object>> same = byTier.get(tiers.get(j % tiers.size()));
                for (int k = 0; k < 4; k++) {
                    predict(server.base(), "steady-" + j, same.get(rnd.nextInt(same.size())), answers);
                }
            }
            Thread.sleep(1_500);
            assertEquals(List.of(), receiver.received(), "no tier changed, so no webhook");
            JsonNode listed = send("GET", server.base() + "/v1/admin/webhooks", null);
            assertEquals(0, listed.get("deliveries").size());
            for (int j = 0; j < 12; j++) {
                assertHistory(server.base(), "steady-" + j, answers.get("steady-" + j));
            }
            assertTrue(answers.get("steady-0").stream().map(a -> a.get("score").asInt()).distinct().count() >= 1);

            String from = answers.get("steady-0").get(0).get("tier").asText();
            String to = tiers.stream().filter(t -> !t.equals(from)).findFirst().orElseThrow();
            predict(server.base(), "steady-0", byTier.get(to).get(0), answers); // the pipeline is live: one change, one webhook
            waitUntil(15, () -> receiver.accepted().size() == 1, "the one tier change delivered");
            assertEquals(expectedEvents(answers), List.of(event(receiver.accepted().get(0).body())));
            assertSigned(receiver.accepted().get(0));
        }
    }

    @Test
    void twoReplicasOnOnePostgresDeliverEachEventOnce() throws Exception {
        TestPostgres pg = TestPostgres.shared();
        String store = pg.newDatabase("webhooks");
        Path model = TinyModels.write(dir);
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            List<Server> replicas = List.of(serve(model, store, receiver.url()), serve(model, store, receiver.url()));
            SplittableRandom rnd = new SplittableRandom(31);
            Map<String, List<JsonNode>> answers = new LinkedHashMap<>();
            rounds(replicas, 40, 5, rnd, answers, 300); // a lead's predictions are logged in order: a round's pause outlasts the 50 ms writes
            List<String> expected = expectedEvents(answers);
            assertTrue(expected.size() >= 40, "enough tier changes: " + expected.size());
            waitUntil(30, () -> distinctAccepted(receiver) >= expected.size(), "all " + expected.size() + " events delivered");
            Thread.sleep(1_500); // a second delivery would show
            assertEquals(expected.size(), receiver.received().size(), "none twice");
            assertDeliveredOnce(receiver, expected);
        }
    }

    @Test
    void aDeliveryNeverTakenIsMarkedFailedCountedAndCanBeRedelivered() throws Exception {
        Path model = TinyModels.write(dir);
        try (WebhookReceiver receiver = new WebhookReceiver(Integer.MAX_VALUE)) {
            Server server = serve(model, dir.resolve("failed.db").toString(), receiver.url(), "--webhook-max-retry-time", "2s");
            SplittableRandom rnd = new SplittableRandom(3);
            Map<String, List<JsonNode>> answers = new LinkedHashMap<>();
            predict(server.base(), "L", TinyModels.lead(rnd), answers);
            while (expectedEvents(answers).isEmpty()) { // until the lead's tier changes once
                predict(server.base(), "L", TinyModels.lead(rnd), answers);
            }
            waitForListing(20, server.base() + "/v1/admin/webhooks?status=failed", listing -> listing.get("deliveries").size() == 1, "the delivery marked failed after its retry time");
            JsonNode failed = send("GET", server.base() + "/v1/admin/webhooks?status=failed", null).at("/deliveries/0");
            assertEquals("HTTP 503", failed.get("last_error").asText());
            assertTrue(failed.get("attempts").asInt() >= 3, "tried and retried: " + failed);
            assertTrue(failed.get("next_attempt_at").isNull() && failed.get("delivered_at").isNull());
            assertEquals("L", failed.get("lead_id").asText());
            String metrics = new String(http.send(HttpRequest.newBuilder(URI.create(server.base() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
            assertTrue(metrics.contains("leadscore_webhook_deliveries_total{result=\"failed\"} 1.0"), metrics);
            assertTrue(metrics.contains("leadscore_webhook_outbox_failed 1.0"), metrics);
            assertTrue(server.output().toString().contains("\"webhook_failed\""), "logged: " + server.output());
            int tried = receiver.received().size();
            Thread.sleep(1_000);
            assertEquals(tried, receiver.received().size(), "a failed delivery is not tried again by itself");

            receiver.acceptAll();
            HttpResponse<String> redelivered = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/v1/admin/webhooks/"
                    + failed.get("id").asLong() + "/redeliver")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, redelivered.statusCode(), redelivered.body());
            waitUntil(10, () -> receiver.accepted().size() == 1, "the redelivered event taken");
            WebhookReceiver.Received taken = receiver.accepted().get(0);
            assertSigned(taken);
            assertEquals(failed.get("event_id").asText(), taken.id(), "the same webhook-id as every refused attempt");
            assertEquals(expectedEvents(answers), List.of(event(taken.body())));
            assertTrue(receiver.received().stream().allMatch(r -> r.id().equals(taken.id()) && r.body().equals(taken.body())));
            // the receiver has answered; the dispatcher marks the row delivered just after
            waitForListing(10, server.base() + "/v1/admin/webhooks?status=delivered", listing -> listing.get("deliveries").size() == 1, "the redelivery marked delivered");
            JsonNode delivered = send("GET", server.base() + "/v1/admin/webhooks?status=delivered", null);
            assertEquals(1, delivered.get("deliveries").size());
            assertEquals(0, delivered.at("/counts/failed").asLong());
        }
    }
}
