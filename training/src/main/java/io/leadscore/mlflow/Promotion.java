package io.leadscore.mlflow;

import io.leadscore.data.DataException;
import io.leadscore.model.SegmentedModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.registry.MlflowClient;
import io.leadscore.registry.ModelRegistry;
import io.leadscore.registry.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Moves an alias (e.g. {@code champion}) to a registered model version, optionally only when the
 * version is not worse than the one the alias points at now: both model directories are downloaded
 * through the artifact proxy, loaded with {@link ModelDirectory#loadSegmented} (segment models
 * included) and scored on the same leads.
 */
public final class Promotion {
    private final MlflowClient server;
    private final ModelRegistry registry;

    public Promotion(MlflowClient server) {
        this.server = server;
        this.registry = server.registry();
    }

    /**
     * What a guarded promotion found.
     *
     * @param candidate the version asked to be promoted
     * @param champion the version the alias pointed at before, if any
     * @param check the comparison, if there was a champion other than the candidate
     * @param promoted whether the alias now points at the candidate
     */
    public record Outcome(ModelVersion candidate, Optional<ModelVersion> champion, Optional<PromotionCheck> check, boolean promoted) {
    }

    /** Points {@code alias} at {@code version} of {@code name}, which must exist. */
    public ModelVersion promote(String name, String version, String alias) {
        ModelVersion v = registry.version(name, version);
        registry.setAlias(name, alias, v.version());
        return v;
    }

    /**
     * Points {@code alias} at the candidate unless it is worse than the current holder of the alias
     * on the newest labelled leads of {@code data}; with no current holder it just promotes.
     */
    public Outcome promoteIfNotWorse(String name, String version, String alias, Path data, String label, String timeColumn) {
        ModelVersion candidate = registry.version(name, version);
        Optional<ModelVersion> champion = registry.withAlias(name, alias);
        if (champion.isEmpty() || champion.get().version().equals(candidate.version())) {
            registry.setAlias(name, alias, candidate.version());
            return new Outcome(candidate, champion, Optional.empty(), true);
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory("leadscore-promote-");
            SegmentedModel challenger = download(candidate, temp.resolve("candidate"));
            SegmentedModel incumbent = download(champion.get(), temp.resolve("champion"));
            PromotionCheck check = PromotionCheck.run(challenger, incumbent, data, label, timeColumn);
            if (check.notWorse()) {
                registry.setAlias(name, alias, candidate.version());
            }
            return new Outcome(candidate, champion, Optional.of(check), check.notWorse());
        } catch (IOException e) {
            throw new DataException(System.getProperty("java.io.tmpdir"), "cannot make a temporary directory: " + e.getMessage());
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Downloads a version's model directory into {@code dir} and loads it, with its segment models. */
    private SegmentedModel download(ModelVersion v, Path dir) throws IOException {
        Files.createDirectories(dir);
        server.artifacts().downloadDirectory(registry.artifactLocation(v), dir);
        try {
            return ModelDirectory.loadSegmented(dir);
        } catch (DataException e) {
            throw new DataException(v + " (" + v.source() + ")", "not a leadscore model directory: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException ignored) {
            // only a temporary directory
        }
    }
}
