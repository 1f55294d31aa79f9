package io.leadscore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.data.DataException;
import java.io.IOException;
import java.io.InputStream;
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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;

/**
 * The one MLflow client of leadscore: plain REST ({@code /api/2.0/…}) over {@code java.net.http} and
 * Jackson, to one tracking server. {@link #runs()}, {@link #registry()} and {@link #artifacts()} are
 * the calls leadscore makes; this class is their transport. Credentials, if any, come from
 * {@code MLFLOW_TRACKING_TOKEN} (bearer) or {@code MLFLOW_TRACKING_USERNAME} and
 * {@code MLFLOW_TRACKING_PASSWORD} (basic), as for MLflow's own clients.
 *
 * <p>Every failure is a {@link DataException} of one line naming the server and where it was
 * configured: "cannot reach it" for an unreachable server, an {@link MlflowApiException} for an
 * error answer. Thread-safe.
 */
public final class MlflowClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final URI base;
    private final String where;
    private final String authorization;
    private final HttpClient http;

    MlflowClient(URI base, String origin, UnaryOperator<String> environment) {
        this.base = base;
        this.where = "MLflow tracking server " + display(base) + " (" + origin + ")";
        this.authorization = authorization(environment);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * A client of the server at {@code url}, e.g. {@code http://127.0.0.1:5000}.
     *
     * @param origin where the URL was given, for messages, e.g. {@code --mlflow-uri}
     * @throws DataException naming {@code origin} if the URL is not an http(s) URL
     */
    public static MlflowClient of(String url, String origin) {
        return new MlflowClient(parse(url, origin), origin, System::getenv);
    }

    private static String authorization(UnaryOperator<String> env) {
        String token = env.apply("MLFLOW_TRACKING_TOKEN");
        String user = env.apply("MLFLOW_TRACKING_USERNAME");
        if (token != null && !token.isEmpty()) {
            return "Bearer " + token;
        }
        if (user != null && !user.isEmpty()) {
            String pw = env.apply("MLFLOW_TRACKING_PASSWORD");
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + (pw == null ? "" : pw)).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    static URI parse(String text, String origin) {
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
        return uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "");
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:5000}. */
    public URI uri() {
        return base;
    }

    /** The server and where it was configured, for messages, e.g. {@code MLflow tracking server http://… (--mlflow-uri)}. */
    public String where() {
        return where;
    }

    /** Experiments and runs: what {@code train} logs. */
    public RunTracking runs() {
        return new RunTracking(this);
    }

    /** Registered models, their versions and aliases. */
    public ModelRegistry registry() {
        return new ModelRegistry(this);
    }

    /** Run artifacts through the server's artifact proxy. */
    public ArtifactStore artifacts() {
        return new ArtifactStore(this);
    }

    /** {@code GET {uri}/api/2.0/{path}?query} answering JSON. */
    JsonNode getJson(String path, Map<String, String> query) {
        return parse(send(request(path + queryString(query)).GET(), HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    /** {@code POST {uri}/api/2.0/{path}} with a JSON body, answering JSON. */
    JsonNode postJson(String path, Object body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return parse(send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)),
                HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    /** {@code PUT {uri}/api/2.0/{path}} with a file's bytes. */
    void putFile(String path, Path file) {
        HttpRequest.BodyPublisher bytes;
        try {
            bytes = HttpRequest.BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new DataException(file.toString(), "cannot read: " + e.getMessage());
        }
        send(request(path).header("Content-Type", "application/octet-stream").PUT(bytes), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code GET {uri}/api/2.0/{path}} into a file (replaced if it exists). */
    void getFile(String path, Path target) {
        try (InputStream in = send(request(path).GET(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
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

    /** Sends a request; a 2xx answer, else an {@link MlflowApiException} (its body read and closed). */
    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        HttpResponse<T> response;
        try {
            response = http.send(request.build(), info -> info.statusCode() / 100 == 2 ? handler.apply(info)
                    : mapped(HttpResponse.BodyHandlers.ofString().apply(info)));
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no answer within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + REQUEST_TIMEOUT.toMinutes() + " min");
        } catch (ConnectException e) {
            throw unreachable(rootMessage(e, "Connection refused"));
        } catch (IOException e) {
            throw unreachable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(where, "interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw MlflowApiException.of(where, response.statusCode(), (String) response.body());
        }
        return response;
    }

    /** An error answer's body as a string, whatever the caller's body type (only read back as a String). */
    @SuppressWarnings("unchecked")
    private static <T> HttpResponse.BodySubscriber<T> mapped(HttpResponse.BodySubscriber<String> text) {
        return (HttpResponse.BodySubscriber<T>) (HttpResponse.BodySubscriber<?>) text;
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

    /** The innermost message of a cause chain (java.net.http wraps the socket's "Connection refused"). */
    private static String rootMessage(Throwable e, String otherwise) {
        String m = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            m = t.getMessage() == null ? m : t.getMessage();
        }
        return m == null ? otherwise : m;
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }
}
