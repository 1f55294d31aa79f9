package io.leadscore.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadscore.data.DataException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a small fake of MLflow's REST API: requests, credentials, artifacts, errors. */
class MlflowClientTest {
    @TempDir
    Path dir;
    private HttpServer fake;
    private final List<String> requests = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final Map<String, String> answers = new LinkedHashMap<>();

    @BeforeEach
    void start() throws IOException {
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/", this::answer);
        fake.start();
    }

    @AfterEach
    void stop() {
        fake.stop(0);
    }

    private void answer(HttpExchange x) throws IOException {
        String request = x.getRequestMethod() + " " + x.getRequestURI().getRawPath()
                + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery());
        synchronized (this) {
            requests.add(request);
            bodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
        }
        String a = answers.getOrDefault(request, "404 {\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"no " + request + "\"}");
        int status = Integer.parseInt(a.substring(0, 3));
        byte[] body = a.substring(4).getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private MlflowClient client(Map<String, String> env) {
        return new MlflowClient(URI.create("http://127.0.0.1:" + fake.getAddress().getPort()), "--test", env::get);
    }

    @Test
    void aTokenIsSentAsBearerAndAUserAsBasic() {
        answers.put("GET /api/2.0/mlflow/runs/get?run_id=r1", "200 {\"run\": {\"info\": {\"run_id\": \"r1\", \"experiment_id\": \"3\", "
                + "\"artifact_uri\": \"mlflow-artifacts:/3/r1/artifacts\"}}}");
        assertEquals(new RunTracking.Run("r1", "3", "mlflow-artifacts:/3/r1/artifacts"),
                client(Map.of("MLFLOW_TRACKING_TOKEN", "t0k")).runs().run("r1"));
        client(Map.of("MLFLOW_TRACKING_USERNAME", "ann", "MLFLOW_TRACKING_PASSWORD", "pw")).runs().run("r1");
        client(Map.of()).runs().run("r1");
        assertEquals(List.of("Bearer t0k", "Basic YW5uOnB3", "null"), authorizations);
    }

    @Test
    void logBatchSendsParamsMetricsAndTagsInOrder() throws Exception {
        answers.put("POST /api/2.0/mlflow/runs/log-batch", "200 {}");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithm", "logistic");
        params.put("seed", "42");
        client(Map.of()).runs().logBatch("r1", params, Map.of("holdout_auc", 0.75), 1000L, Map.of("git_commit", "abc"));
        JsonNode body = MlflowClient.JSON.readTree(bodies.get(0));
        assertEquals("r1", body.get("run_id").asText());
        assertEquals("algorithm", body.at("/params/0/key").asText());
        assertEquals("42", body.at("/params/1/value").asText());
        assertEquals(0.75, body.at("/metrics/0/value").asDouble());
        assertEquals(1000L, body.at("/metrics/0/timestamp").asLong());
        assertEquals(0, body.at("/metrics/0/step").asInt());
        assertEquals("abc", body.at("/tags/0/value").asText());
    }

    @Test
    void anUnknownExperimentIsEmptyAndOtherErrorsKeepMlflowsMessage() {
        assertTrue(client(Map.of()).runs().experimentByName("nope").isEmpty());
        assertEquals("GET /api/2.0/mlflow/experiments/get-by-name?experiment_name=nope", requests.get(0));
        answers.put("POST /api/2.0/mlflow/experiments/create", "400 {\"error_code\": \"RESOURCE_ALREADY_EXISTS\", \"message\": \"taken\"}");
        MlflowApiException e = assertThrows(MlflowApiException.class, () -> client(Map.of()).runs().createExperiment("x"));
        assertEquals("RESOURCE_ALREADY_EXISTS", e.errorCode());
        assertTrue(e.getMessage().endsWith("(--test): taken (RESOURCE_ALREADY_EXISTS)"), e.getMessage());
    }

    @Test
    void aDirectoryDownloadsThroughTheArtifactProxy() throws Exception {
        String list = "GET /api/2.0/mlflow-artifacts/artifacts?path=";
        answers.put(list + "1%2Fr%2Fartifacts%2Fmodel", "200 {\"files\": [{\"path\": \"card.json\"}, {\"path\": \"sub dir\", \"is_dir\": true}]}");
        answers.put(list + "1%2Fr%2Fartifacts%2Fmodel%2Fsub+dir", "200 {\"files\": [{\"path\": \"sub dir/w.bin\", \"file_size\": 3}]}");
        answers.put("GET /api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/model/card.json", "200 {\"a\": 1}");
        answers.put("GET /api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/model/sub%20dir/w.bin", "200 xyz");
        client(Map.of()).artifacts().downloadDirectory("mlflow-artifacts:/1/r/artifacts/model", dir);
        assertEquals("{\"a\": 1}", Files.readString(dir.resolve("card.json")));
        assertEquals("xyz", Files.readString(dir.resolve("sub dir/w.bin")));
    }

    @Test
    void anArtifactNameThatLeavesTheDirectoryIsRefused() {
        answers.put("GET /api/2.0/mlflow-artifacts/artifacts?path=1%2Fr", "200 {\"files\": [{\"path\": \"..\"}]}");
        DataException e = assertThrows(DataException.class, () -> client(Map.of()).artifacts().downloadDirectory("mlflow-artifacts:/1/r", dir));
        assertTrue(e.getMessage().contains("unexpected artifact name"), e.getMessage());
    }

    @Test
    void aClosedPortIsOneLineNamingTheServer() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MlflowClient closed = MlflowClient.of("http://127.0.0.1:" + port + "/", "--mlflow-uri");
        DataException e = assertThrows(DataException.class, () -> closed.registry().version("m", "1"));
        assertEquals("MLflow tracking server http://127.0.0.1:" + port + " (--mlflow-uri): cannot reach it (Connection refused); "
                + "is the server running?", e.getMessage());
    }

    @Test
    void notAnHttpUrlNamesWhereItCameFrom() {
        DataException e = assertThrows(DataException.class, () -> MlflowClient.of("localhost:5000", "--registry-uri"));
        assertTrue(e.getMessage().startsWith("--registry-uri: 'localhost:5000' is not an http(s) URL"), e.getMessage());
    }
}
