package io.leadscore.serving.lifecycle;

import io.leadscore.data.DataException;
import io.leadscore.model.ModelDirectory;
import io.leadscore.registry.MlflowApiException;
import io.leadscore.registry.MlflowClient;
import io.leadscore.registry.ModelRegistry;
import io.leadscore.registry.ModelVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A model served from an MLflow registry alias (e.g. {@code leadscore@champion}), through leadscore's
 * one MLflow REST client ({@link MlflowClient}: no MLflow jars and no Python in the server). The
 * version the alias points at is downloaded once into a local cache directory
 * ({@code <cache>/<name>/<version>}, written to a temporary directory and renamed into place) and
 * offered from there.
 */
public final class RegistrySource {
    private final MlflowClient client;
    private final ModelRegistry registry;
    private final String name;
    private final String alias;
    private final Path cache;

    /**
     * @param registry the tracking server, e.g. {@code http://127.0.0.1:5000}
     * @param name the registered model
     * @param alias the alias to follow, e.g. {@code champion}
     * @param cache where downloaded versions are kept
     */
    public RegistrySource(URI registry, String name, String alias, Path cache) {
        this.client = MlflowClient.of(registry.toString(), "--registry-uri");
        this.registry = client.registry();
        this.name = name;
        this.alias = alias;
        this.cache = cache;
    }

    public String describe() {
        return client.uri() + " " + name + "@" + alias;
    }

    /** The local directory of the version the alias points at now, downloading it if needed. */
    public Path current() {
        return find().orElseThrow(() -> new DataException(describe(), "the alias is not set"));
    }

    /**
     * The local directory of the version the alias points at now (downloading it if needed), or
     * empty when the alias is not set or the model not registered (yet: MLflow's own answer); a
     * registry that cannot be reached or answers otherwise is a {@link DataException}.
     */
    public java.util.Optional<Path> find() {
        java.util.Optional<ModelVersion> found;
        try {
            found = registry.withAlias(name, alias);
        } catch (MlflowApiException e) {
            if (!"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                throw e;
            }
            found = java.util.Optional.empty(); // no such registered model yet
        }
        if (found.isEmpty()) {
            return java.util.Optional.empty();
        }
        ModelVersion v = found.get();
        if (v.version().isEmpty() || v.source().isEmpty()) {
            throw new DataException(describe(), "the registry answered without a model version");
        }
        Path dir = cache.resolve(safe(name)).resolve(safe(v.version()));
        if (Files.isRegularFile(dir.resolve(ModelDirectory.CARD_FILE))) {
            return java.util.Optional.of(dir);
        }
        Path temp = dir.resolveSibling("." + safe(v.version()) + ".tmp-" + ProcessHandle.current().pid());
        try {
            ModelDirectory.deleteTree(temp);
            Files.createDirectories(temp);
            client.artifacts().downloadDirectory(registry.artifactLocation(v), temp);
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            return java.util.Optional.of(dir);
        } catch (IOException e) {
            throw new DataException(describe(), "cannot download version " + v.version() + ": " + e.getMessage());
        } finally {
            try {
                ModelDirectory.deleteTree(temp);
            } catch (IOException ignored) {
                // only a temporary directory
            }
        }
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
