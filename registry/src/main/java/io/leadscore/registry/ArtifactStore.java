package io.leadscore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.data.DataException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Run artifacts through the tracking server's artifact proxy ({@code mlflow server --serve-artifacts},
 * the default): {@code PUT}, {@code GET} and list on {@code /api/2.0/mlflow-artifacts/artifacts}. This
 * needs no Python and no credentials for the storage behind the server, unlike the MLflow Java
 * client, which shells out to the Python CLI to upload to anything but a local directory.
 *
 * <p>Artifact locations are {@code mlflow-artifacts:} URIs such as
 * {@code mlflow-artifacts:/1/<run id>/artifacts/model}; the part after the scheme is the proxy path.
 * Made by {@link MlflowClient#artifacts()}.
 */
public final class ArtifactStore {
    private static final String ENDPOINT = "mlflow-artifacts/artifacts";

    private final MlflowClient server;

    ArtifactStore(MlflowClient server) {
        this.server = server;
    }

    /** One entry of an artifact directory listing. */
    record Entry(String name, boolean directory) {
    }

    /** Uploads one file to {@code location/relativePath}. */
    public void upload(String location, String relativePath, Path file) {
        server.putFile(ENDPOINT + "/" + encodePath(join(proxyPath(location), relativePath)), file);
    }

    /** Uploads every file under {@code dir} to {@code location/prefix/…}, keeping sub-directories. */
    public void uploadDirectory(String location, String prefix, Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir.toString(), "cannot read: " + e.getMessage());
        }
        for (Path f : files) {
            String rel = dir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
            upload(location, join(prefix, rel), f);
        }
    }

    /** Downloads the directory at {@code location} (recursively) into the existing directory {@code target}. */
    public void downloadDirectory(String location, Path target) {
        String path = proxyPath(location);
        List<Entry> entries = list(path);
        if (entries.isEmpty()) {
            throw new DataException(server.where(), "no artifacts at " + location);
        }
        download(path, entries, target);
    }

    private void download(String path, List<Entry> entries, Path target) {
        for (Entry e : entries) {
            Path local = target.resolve(e.name());
            String remote = join(path, e.name());
            try {
                if (e.directory()) {
                    Files.createDirectories(local);
                    download(remote, list(remote), local);
                } else {
                    server.getFile(ENDPOINT + "/" + encodePath(remote), local);
                }
            } catch (IOException ex) {
                throw new DataException(local.toString(), "cannot write: " + ex.getMessage());
            }
        }
    }

    /** The entries of one artifact directory (names only, never paths that could leave it). */
    List<Entry> list(String proxyPath) {
        JsonNode files = server.getJson(ENDPOINT, Map.of("path", proxyPath)).path("files");
        List<Entry> out = new ArrayList<>();
        for (JsonNode f : files) {
            String p = f.path("path").asText("");
            String name = p.substring(p.lastIndexOf('/') + 1);
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("\\")) {
                throw new DataException(server.where(), "unexpected artifact name '" + p + "' under " + proxyPath);
            }
            out.add(new Entry(name, f.path("is_dir").asBoolean(false)));
        }
        return out;
    }

    /**
     * The proxy path of an {@code mlflow-artifacts:} location, e.g. {@code 1/abc/artifacts} for
     * {@code mlflow-artifacts:/1/abc/artifacts} (a host in the URI, if any, is ignored: the
     * proxy of the configured server is used).
     */
    public static String proxyPath(String location) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(location);
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

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    }

    private static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.split("/")) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }
}
