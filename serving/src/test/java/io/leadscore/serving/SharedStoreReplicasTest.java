package io.leadscore.serving;

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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several server processes on one PostgreSQL feedback store (a real one, started by the test): outcomes
 * stored exactly once whichever replica gets them, the same live figures on every replica, nothing
 * acknowledged lost when a replica is killed, and predictions answered while the database is away.
 */
class SharedStoreReplicasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> servers = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process p : servers) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private String serve(Path model, String feedback) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.leadscore.serving.ServeCommand", "--model", model.toString(), "--port", "0",
                "--no-auth", "--feedback", feedback, "--poll-seconds", "0", "--live-refresh-seconds", "0").redirectErrorStream(true);
        Process p = pb.start();
        servers.add(p);
        String base = ServerChild.address(p, null);
        assertNotNull(base, "the server printed its address");
        return base;
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String outcome(int i, boolean converted) {
        return "{\"outcome_id\":\"o-" + i + "\",\"lead_id\":\"L" + i + "\",\"outcome\":\"" + (converted ? "converted" : "lost")
                + "\",\"at\":\"2030-01-01T00:00:00Z\"}";
    }

    private static String lead(int i, SplittableRandom rnd) throws Exception {
        ObjectNode lead = JSON.valueToTree(TinyModels.lead(rnd));
        lead.put("lead_id", "L" + i);
        return lead.toString();
    }

    private static long count(String jdbcUrl, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void twoReplicasStoreEachOutcomeOnceAndShowTheSameLiveFigures() throws Exception {
        TestPostgres pg = TestPostgres.shared();
        String store = pg.newDatabase("replicas");
        Path model = TinyModels.write(dir);
        String[] replicas = {serve(model, store), serve(model, store)};
        SplittableRandom rnd = new SplittableRandom(21);
        for (int i = 0; i < 2_000; i++) {
            assertEquals(200, post(replicas[rnd.nextInt(2)] + "/v1/predict", lead(i, rnd)).statusCode());
        }
        int created = 0;
        int repeated = 0;
        for (int i = 0; i < 2_000; i++) {
            int first = rnd.nextInt(2);
            boolean converted = rnd.nextInt(4) == 0;
            HttpResponse<String> r = post(replicas[first] + "/v1/outcomes", outcome(i, converted));
            assertEquals(201, r.statusCode(), r.body());
            created++;
            if (rnd.nextInt(10) == 0) { // the CRM retries on the other replica
                HttpResponse<String> again = post(replicas[1 - first] + "/v1/outcomes", outcome(i, converted));
                assertEquals(200, again.statusCode(), again.body());
                repeated++;
                HttpResponse<String> other = post(replicas[1 - first] + "/v1/outcomes", outcome(i, !converted));
                assertEquals(409, other.statusCode(), "a reused outcome id with another result: " + other.body());
            }
        }
        assertTrue(repeated > 150, "about 10% repeated: " + repeated);
        assertEquals(created, count(pg.jdbcUrl("replicas"), "SELECT COUNT(*) FROM outcomes"));
        assertEquals(created, count(pg.jdbcUrl("replicas"), "SELECT COUNT(DISTINCT outcome_id) FROM outcomes"));

        Thread.sleep(500); // both replicas' prediction logs are written every 50 ms
        JsonNode[] live = new JsonNode[2];
        for (int k = 0; k < 2; k++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(replicas[k] + "/dashboard/api/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            live[k] = JSON.readTree(r.body());
            ((ObjectNode) live[k]).remove("as_of"); // when each computed them
            ((ObjectNode) live[k].get("drift")).remove("since");
        }
        assertEquals(2_000, live[0].get("predictions").asLong(), live[0].toString());
        assertEquals(live[0], live[1], "every replica shows the same figures");
    }

    @Test
    void everyOutcomeAReplicaAcknowledgedIsStoredWhenItIsKilled() throws Exception {
        TestPostgres pg = TestPostgres.shared();
        String store = pg.newDatabase("killed");
        Process[] victim = new Process[1];
        String base = serve(TinyModels.write(dir), store);
        victim[0] = servers.get(servers.size() - 1);
        Set<String> acknowledged = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            HttpResponse<String> r;
            try {
                r = post(base + "/v1/outcomes", outcome(i, i % 3 == 0));
            } catch (java.io.IOException e) {
                break; // the replica is gone
            }
            if (r.statusCode() == 201) {
                acknowledged.add("o-" + i);
            }
            if (acknowledged.size() == 300) {
                new Thread(victim[0]::destroyForcibly).start(); // SIGKILL while requests keep coming
            }
        }
        assertTrue(victim[0].waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, victim[0].exitValue(), "killed by SIGKILL");
        assertTrue(acknowledged.size() >= 300, "acknowledged " + acknowledged.size());
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("killed"), "postgres", ""); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT outcome_id FROM outcomes")) {
            Set<String> stored = new HashSet<>();
            while (r.next()) {
                stored.add(r.getString(1));
            }
            assertTrue(stored.containsAll(acknowledged), "every acknowledged outcome is stored: " + acknowledged.size() + " of " + stored.size());
        }
    }

    @Test
    void predictionsAreAnsweredWhileTheDatabaseIsAwayAndEverythingResumes() throws Exception {
        try (TestPostgres pg = TestPostgres.own()) {
            String store = pg.newDatabase("away");
            String base = serve(TinyModels.write(dir), store);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            Thread load = new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(5);
                for (int i = 0; running.get(); i++) {
                    try {
                        HttpResponse<String> r = post(base + "/v1/predict", lead(i, rnd));
                        if (r.statusCode() == 200) {
                            answered.incrementAndGet();
                        } else {
                            synchronized (failures) {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        }
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e.toString());
                        }
                    }
                }
            });
            load.start();
            assertEquals(201, post(base + "/v1/outcomes", outcome(0, true)).statusCode());

            pg.stop();
            long stopped = System.nanoTime();
            int refused = 0;
            for (int i = 1; System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(10); i++) {
                HttpResponse<String> r = post(base + "/v1/outcomes", outcome(i, false)); // each waits for the pool's timeout
                assertEquals(503, r.statusCode(), r.body());
                assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
                refused++;
            }
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), "still ready: predictions are answered");
            assertTrue(JSON.readTree(ready.body()).path("degraded").size() > 0, "ready says what is degraded: " + ready.body());
            int duringGap = answered.get();

            pg.start();
            HttpResponse<String> back = null;
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < until; Thread.sleep(250)) {
                back = post(base + "/v1/outcomes", outcome(100_000, true));
                if (back.statusCode() == 201) {
                    break;
                }
            }
            running.set(false);
            load.join();
            assertNotNull(back);
            assertEquals(201, back.statusCode(), "outcomes resume without a restart: " + back.body());
            assertTrue(refused >= 3, "outcomes refused during the gap: " + refused);
            assertTrue(failures.isEmpty(), "no predict request failed: " + failures.subList(0, Math.min(3, failures.size())));
            assertTrue(duringGap > 100 && answered.get() > duringGap, "predictions kept coming: " + duringGap + ", then " + answered.get());
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(metrics.body().contains("leadscore_feedback_store_up 1.0"), "the store is up again");
            assertTrue(metrics.body().contains("leadscore_prediction_log_dropped_total"), "dropped predictions are counted");
            Thread.sleep(500);
            assertTrue(count(pg.jdbcUrl("away"), "SELECT COUNT(*) FROM prediction_log") > 0, "the log resumed");
        }
    }
}
