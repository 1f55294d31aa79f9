package io.leadscore.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.data.DataException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * One MLflow tracking server: where it is (from {@code --mlflow-uri}, else the environment variable
 * {@code MLFLOW_TRACKING_URI}), the MLflow Java client for the calls it has, and plain REST over
 * {@code java.net.http} for the ones it lacks (registry writes, aliases, the artifact proxy).
 * Credentials, if any, come from {@code MLFLOW_TRACKING_TOKEN} or {@code MLFLOW_TRACKING_USERNAME}
 * and {@code MLFLOW_TRACKING_PASSWORD}, as for MLflow's own clients.
 *
 * <p>Every failure becomes a {@link DataException} with one line that names the server and the flag
 * or variable it came from: an unreachable server, or an {@link MlflowApiException} for an error
 * answer.
 */
public final class MlflowServer implements AutoCloseable {
    /** The environment variable used when {@code --mlflow-uri} is absent. */
    public static final String URI_VARIABLE = "MLFLOW_TRACKING_URI";
    /** The command-line flag naming the server. */
    public static final String URI_FLAG = "--mlflow-uri";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final URI base;
    private final String where;
    private final String authorization;
    private final HttpClient http;
    private final MlflowClient client;

    private MlflowServer(URI base, String origin) {
        this.base = base;
        this.where = "MLflow tracking server " + display(base) + " (" + origin + ")";
        String token = System.getenv("MLFLOW_TRACKING_TOKEN");
        String user = System.getenv("MLFLOW_TRACKING_USERNAME");
        String password = System.getenv("MLFLOW_TRACKING_PASSWORD");
        String text = base.toString();
        if (token != null && !token.isEmpty()) {
            this.authorization = "Bearer " + token;
            this.client = new MlflowClient(new BasicMlflowHostCreds(text, token));
        } else if (user != null && !user.isEmpty()) {
            String pw = password == null ? "" : password;
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
            this.client = new MlflowClient(new BasicMlflowHostCreds(text, user, pw));
        } else {
            this.authorization = null;
            this.client = new MlflowClient(new BasicMlflowHostCreds(text));
        }
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * The server named by {@code flag} or, when it is null, by {@code MLFLOW_TRACKING_URI}; empty
     * when neither is set (tracking is then off).
     */
    public static Optional<MlflowServer> configured(String flag) {
        return configured(flag, System.getenv(URI_VARIABLE));
    }

    static Optional<MlflowServer> configured(String flag, String variable) {
        if (flag != null) {
            return Optional.of(new MlflowServer(parse(flag, URI_FLAG), URI_FLAG));
        }
        if (variable != null && !variable.isBlank()) {
            return Optional.of(new MlflowServer(parse(variable, URI_VARIABLE), URI_VARIABLE));
        }
        return Optional.empty();
    }

    /** Like {@link #configured(String)}, for commands that cannot work without a server. */
    public static MlflowServer required(String flag) {
        return configured(flag).orElseThrow(() -> new DataException(URI_FLAG,
                "no MLflow tracking server given; pass " + URI_FLAG + " URL or set " + URI_VARIABLE));
    }

    private static URI parse(String text, String origin) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (java.net.URISyntaxException e) {
            throw new DataException(origin, "'" + text + "' is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new DataException(origin, "'" + display(uri) + "' is not an http(s) URL of an MLflow tracking server, e.g. http://127.0.0.1:5000");
        }
        String s = uri.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** The URL without any user name or password in it, for messages. */
    private static String display(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "");
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:5000}. */
    public URI uri() {
        return base;
    }

    /** The server and where it was configured, for messages, e.g. {@code MLflow tracking server http://… (--mlflow-uri)}. */
    public String where() {
        return where;
    }

    /** Runs a call of the MLflow Java client, turning its exceptions into leadscore's. */
    <T> T withClient(java.util.function.Function<MlflowClient, T> call) {
        try {
            return call.apply(client);
        } catch (MlflowHttpException e) {
            throw MlflowApiException.of(where, e.getStatusCode(), e.getBodyMessage());
        } catch (MlflowClientException e) {
            throw unreachable(rootMessage(e));
        }
    }

    /** {@code GET {uri}/api/2.0/{path}?query} answering JSON. */
    JsonNode getJson(String path, Map<String, String> query) {
        return parse(send(request(path + queryString(query)).GET()));
    }

    /** {@code POST {uri}/api/2.0/{path}} with a JSON body, answering JSON. */
    JsonNode postJson(String path, Object body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return parse(send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json))));
    }

    /** {@code PUT {uri}/api/2.0/{path}} with a file's bytes. */
    void putFile(String path, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataException(file.toString(), "cannot read: " + e.getMessage());
        }
        send(request(path).header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    /** {@code GET {uri}/api/2.0/{path}} into a file. */
    void getFile(String path, Path target) {
        byte[] bytes = send(request(path).GET());
        try {
            Files.write(target, bytes);
        } catch (IOException e) {
            throw new DataException(target.toString(), "cannot write: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/2.0/" + pathAndQuery))
                .timeout(REQUEST_TIMEOUT).header("User-Agent", "leadscore");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    /** Sends a request; the body of a 2xx answer, else an {@link MlflowApiException}. */
    private byte[] send(HttpRequest.Builder request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no answer within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + REQUEST_TIMEOUT.toMinutes() + " min");
        } catch (ConnectException e) {
            throw unreachable(e.getMessage() == null ? "connection refused" : e.getMessage());
        } catch (IOException e) {
            throw unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(where, "interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw MlflowApiException.of(where, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new DataException(where, "answered with something that is not JSON; is this an MLflow tracking server?");
        }
    }

    private DataException unreachable(String reason) {
        return new DataException(where, "cannot reach it (" + reason + "); is the server running?");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
