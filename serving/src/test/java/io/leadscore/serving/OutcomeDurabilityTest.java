package io.leadscore.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.model.TinyModels;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.testing.ServerChild;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outcomes acknowledged by a server that is then killed with SIGKILL are all there after a restart. */
class OutcomeDurabilityTest {
    @TempDir
    Path dir;

    private Process serve(Path model, Path feedback) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.leadscore.serving.ServeCommand", "--model", model.toString(), "--port", "0",
                "--no-auth", "--feedback", feedback.toString(), "--poll-seconds", "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        return pb.start();
    }

    @Test
    void everyAcknowledgedOutcomeSurvivesSigkill() throws Exception {
        Path model = TinyModels.write(dir);
        Path feedback = dir.resolve("feedback.db");
        Process server = serve(model, feedback);
        String base = ServerChild.address(server, null);
        assertNotNull(base, "the server printed its address");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Set<String> acknowledged = new HashSet<>();
        int sent = 0;
        Thread killer = null;
        try {
            for (int i = 0; i < 5_000; i++) {
                String id = "o-" + i;
                String body = "{\"outcome_id\":\"" + id + "\",\"lead_id\":\"L" + i + "\",\"outcome\":\"" + (i % 3 == 0 ? "converted" : "lost")
                        + "\",\"at\":\"2026-06-01T00:00:00Z\"}";
                sent++;
                HttpResponse<String> r;
                try {
                    r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/outcomes")).timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    break; // the server is gone: everything acknowledged so far must be on disk
                }
                if (r.statusCode() == 201) {
                    acknowledged.add(id);
                }
                if (acknowledged.size() == 300 && killer == null) {
                    Process p = server;
                    killer = new Thread(p::destroyForcibly); // SIGKILL on Linux, while requests keep coming
                    killer.start();
                }
            }
        } finally {
            server.destroyForcibly();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged.size() >= 300 && sent > acknowledged.size(), "killed mid-stream: sent " + sent + ", acknowledged " + acknowledged.size());
        assertEquals(137, server.exitValue(), "killed by SIGKILL");

        Process again = serve(model, feedback);
        try {
            assertNotNull(ServerChild.address(again, null), "the server restarts on the same store");
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
        try (FeedbackStore store = FeedbackStore.open(feedback)) {
            Set<String> stored = new HashSet<>();
            store.outcomes().forEach(o -> stored.add(o.outcomeId()));
            assertTrue(stored.containsAll(acknowledged), "missing after restart: " + acknowledged.stream().filter(a -> !stored.contains(a)).limit(5).toList());
        }
    }
}
