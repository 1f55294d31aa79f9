package io.leadscore.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * A real MLflow tracking server for tests: {@code mlflow server} with a SQLite backend and the
 * artifact proxy ({@code --serve-artifacts}) storing into a temporary directory, on a free loopback
 * port. The executable is {@code <repo>/.venv/bin/mlflow} (which {@code bin/test} installs from
 * {@code requirements-dev.txt}), or {@code $LEADSCORE_MLFLOW}. If it cannot start, the test fails
 * with the server's output; it is never skipped. Also reads the server back over REST for assertions.
 */
final class MlflowServerFixture implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final String uri;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private MlflowServerFixture(Process process, Path log, String uri) {
        this.process = process;
        this.log = log;
        this.uri = uri;
    }

    /** The mlflow executable the tests use. */
    static Path executable() {
        String override = System.getenv("LEADSCORE_MLFLOW");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Path.of("..").toAbsolutePath().normalize().resolve(".venv/bin/mlflow");
    }

    /** Starts a server keeping its database, artifacts and log under {@code dir}, and waits until it is healthy. */
    static MlflowServerFixture start(Path dir) throws IOException, InterruptedException {
        Path exe = executable();
        if (!Files.isExecutable(exe)) {
            throw new AssertionError("no MLflow server executable at " + exe + "; run bin/test (it installs MLflow from "
                    + "requirements-dev.txt into .venv) or set LEADSCORE_MLFLOW to an mlflow executable");
        }
        int port = freePort();
        Path log = dir.resolve("mlflow-server.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(exe.toString(), "server",
                "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
                "--serve-artifacts", "--artifacts-destination", dir.resolve("artifacts").toAbsolutePath().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--workers", "1"));
        pb.directory(dir.toFile());
        pb.environment().put("MLFLOW_DISABLE_TELEMETRY", "true");
        pb.environment().put("DO_NOT_TRACK", "true");
        pb.environment().put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false"); // no background job workers: fewer processes, faster start
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        long started = System.nanoTime();
        MlflowServerFixture f = new MlflowServerFixture(pb.start(), log, "http://127.0.0.1:" + port);
        f.process.getOutputStream().close();
        try {
            f.awaitHealthy(started);
        } catch (AssertionError | RuntimeException | InterruptedException e) {
            f.close();
            throw e;
        }
        System.out.printf("mlflow server %s up in %.1f s%n", f.version(), (System.nanoTime() - started) / 1e9);
        return f;
    }

    private void awaitHealthy(long started) throws InterruptedException {
        long deadline = started + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("mlflow server exited with code " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri + "/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("mlflow server not healthy within " + START_TIMEOUT.toSeconds() + " s:\n" + output());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The server's base URL. */
    String uri() {
        return uri;
    }

    /** What the server printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** The server's version, from {@code GET /version}. */
    String version() {
        try {
            return new String(getBytes("/version"), StandardCharsets.UTF_8).strip();
        } catch (IOException | InterruptedException e) {
            return "(unknown version)";
        }
    }

    /** {@code GET {uri}/api/2.0/{path}?query} as JSON, failing the test unless it answers 200. */
    JsonNode get(String path, Map<String, String> query) throws IOException, InterruptedException {
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        query.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return JSON.readTree(getBytes("/api/2.0/" + path + q));
    }

    /** {@code GET {uri}{path}}'s body, failing the test unless it answers 200. */
    byte[] getBytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(uri + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** Stops the server and every process it started (uvicorn, job runner). */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle c : children) {
            c.destroy();
        }
        for (ProcessHandle c : children) {
            try {
                c.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                c.destroyForcibly();
            }
        }
    }
}
