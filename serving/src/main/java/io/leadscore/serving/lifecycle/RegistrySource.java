package io.leadscore.serving.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.data.DataException;
import io.leadscore.model.ModelDirectory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A model served from an MLflow registry alias (e.g. {@code leadscore@champion}), over the tracking
 * server's REST API and artifact proxy only: no MLflow jars and no Python in the server. The version
 * the alias points at is downloaded once into a local cache directory ({@code <cache>/<name>/<version>},
 * written to a temporary directory and renamed into place) and offered from there.
 */
public final class RegistrySource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

    private final URI base;
    private final String name;
    private final String alias;
    private final Path cache;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param registry the tracking server, e.g. {@code http://127.0.0.1:5000}
     * @param name the registered model
     * @param alias the alias to follow, e.g. {@code champion}
     * @param cache where downloaded versions are kept
     */
    public RegistrySource(URI registry, String name, String alias, Path cache) {
        String b = registry.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.name = name;
        this.alias = alias;
        this.cache = cache;
    }

    public String describe() {
        return base + " " + name + "@" + alias;
    }

    /** The local directory of the version the alias points at now, downloading it if needed. */
    public Path current() {
        JsonNode v = get("/api/2.0/mlflow/registered-models/alias?name=" + enc(name) + "&alias=" + enc(alias)).path("model_version");
        String version = v.path("version").asText("");
        String source = v.path("source").asText("");
        if (version.isEmpty() || source.isEmpty()) {
            throw new DataException(describe(), "the registry answered without a model version");
        }
        Path dir = cache.resolve(safe(name)).resolve(safe(version));
        if (Files.isRegularFile(dir.resolve("model-card.json"))) {
            return dir;
        }
        String path = proxyPath(source);
        Path temp = dir.resolveSibling("." + safe(version) + ".tmp-" + ProcessHandle.current().pid());
        try {
            deleteTree(temp);
            Files.createDirectories(temp);
            download(path, temp);
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException e) {
            throw new DataException(describe(), "cannot download version " + version + ": " + e.getMessage());
        } finally {
            try {
                deleteTree(temp);
            } catch (IOException ignored) {
                // only a temporary directory
            }
        }
    }

    private void download(String path, Path into) throws IOException {
        JsonNode files = get(ARTIFACTS + "?path=" + enc(path)).path("files");
        if (files.isEmpty()) {
            throw new IOException("no artifacts at " + path);
        }
        for (JsonNode f : files) {
            String p = f.path("path").asText("");
            String file = p.substring(p.lastIndexOf('/') + 1);
            if (file.isEmpty() || file.equals(".") || file.equals("..") || file.contains("\\")) {
                throw new IOException("unexpected artifact name '" + p + "'");
            }
            String remote = path + "/" + file;
            if (f.path("is_dir").asBoolean(false)) {
                Files.createDirectories(into.resolve(file));
                download(remote, into.resolve(file));
            } else {
                HttpResponse<Path> r = send(ARTIFACTS + "/" + encPath(remote), HttpResponse.BodyHandlers.ofFile(into.resolve(file)));
                if (r.statusCode() != 200) {
                    throw new IOException("GET " + remote + " answered " + r.statusCode());
                }
            }
        }
    }

    /**
     * The proxy path of an {@code mlflow-artifacts:} location, e.g. {@code 1/abc/artifacts} for
     * {@code mlflow-artifacts:/1/abc/artifacts} (a host in the URI, if any, is ignored: the
     * proxy of the configured server is used).
     */
    public static String proxyPath(String location) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"mlflow-artifacts".equalsIgnoreCase(uri.getScheme()) || uri.getPath() == null) {
            throw new DataException(location, "artifacts are not stored behind the tracking server's artifact proxy "
                    + "(expected an mlflow-artifacts:/ location); start the server with --serve-artifacts");
        }
        String p = uri.getPath();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private JsonNode get(String pathAndQuery) {
        HttpResponse<byte[]> r = send(pathAndQuery, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new DataException(describe(), "GET " + pathAndQuery.replaceAll("\\?.*", "") + " answered " + r.statusCode());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new DataException(describe(), "unreadable answer: " + e.getMessage());
        }
    }

    private <T> HttpResponse<T> send(String pathAndQuery, HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofMinutes(2));
        String token = System.getenv("MLFLOW_TRACKING_TOKEN");
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.build(), handler);
        } catch (IOException e) {
            throw new DataException(describe(), "registry unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(describe(), "interrupted");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String encPath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String seg : path.split("/")) {
            sb.append(sb.length() == 0 ? "" : "/").append(enc(seg).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void deleteTree(Path p) throws IOException {
        ModelDirectory.deleteTree(p);
    }
}
