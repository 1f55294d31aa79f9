package io.leadscore.mlflow;

import io.leadscore.data.DataException;
import io.leadscore.model.ModelCard;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.SegmentsInfo;
import io.leadscore.registry.ArtifactStore;
import io.leadscore.registry.MlflowApiException;
import io.leadscore.registry.MlflowClient;
import io.leadscore.registry.RunTracking;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Logs a trained model directory as an MLflow run: parameters (the training options and the
 * trainer's parameters), metrics (the card's holdout metrics as {@code holdout_*}, and each segment's),
 * tags (git commit, data SHA-256, model version, leadscore version, the segment column) and artifacts (the model directory under
 * {@code model/}, and {@code model-card.json} at the root, uploaded through the artifact proxy), all
 * through the {@link MlflowClient}.
 */
public final class MlflowTracking {
    /** Tag keys set on every run. */
    public static final String TAG_GIT_COMMIT = "git_commit";
    public static final String TAG_DATA_SHA256 = "data_sha256";
    public static final String TAG_MODEL_VERSION = "model_version";
    public static final String TAG_LEADSCORE_VERSION = "leadscore_version";
    /** Set on a run of a model trained with {@code --segment-by}: the column. */
    public static final String TAG_SEGMENT_COLUMN = "segment_column";
    /** Characters outside what MLflow takes in a metric key (letters, digits, {@code _ - . /} and space). */
    private static final Pattern METRIC_KEY_UNSAFE = Pattern.compile("[^A-Za-z0-9_\\-. ]");

    private final MlflowClient server;
    private final RunTracking runs;
    private final ArtifactStore artifacts;

    public MlflowTracking(MlflowClient server) {
        this.server = server;
        this.runs = server.runs();
        this.artifacts = server.artifacts();
    }

    /**
     * Logs one finished training: creates the experiment if needed, then a run named after the
     * model version, and marks the run finished (or failed, if logging broke off).
     */
    public TrackedRun log(String experiment, Path modelDir, ModelCard card, RunParameters params, String leadscoreVersion) {
        String experimentId = experimentId(experiment);
        long now = System.currentTimeMillis();
        RunTracking.Run run = runs.createRun(experimentId, card.modelVersion(), now);
        String runId = run.runId();
        try {
            runs.logBatch(runId, params(card, params), metrics(card), now, tags(card, leadscoreVersion));
            artifacts.uploadDirectory(run.artifactUri(), TrackedRun.MODEL_PATH, modelDir);
            artifacts.upload(run.artifactUri(), ModelDirectory.CARD_FILE, modelDir.resolve(ModelDirectory.CARD_FILE));
            runs.end(runId, RunTracking.FINISHED, System.currentTimeMillis());
        } catch (RuntimeException e) {
            markFailed(runId);
            throw e;
        }
        return new TrackedRun(runId, experimentId, run.artifactUri());
    }

    private void markFailed(String runId) {
        try {
            runs.end(runId, RunTracking.FAILED, System.currentTimeMillis());
        } catch (RuntimeException ignored) {
            // the original problem is the one to report
        }
    }

    private String experimentId(String name) {
        Optional<RunTracking.Experiment> found = runs.experimentByName(name);
        if (found.isPresent()) {
            if (found.get().deleted()) {
                throw new DataException("--experiment", "experiment '" + name + "' is deleted on " + server.uri()
                        + "; restore it or choose another name");
            }
            return found.get().id();
        }
        try {
            return runs.createExperiment(name);
        } catch (MlflowApiException e) {
            if ("RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) { // created meanwhile by another run
                return runs.experimentByName(name).orElseThrow(() -> e).id();
            }
            throw e;
        }
    }

    /** The run's parameters: the training options, then the trainer's parameters from the card. */
    static Map<String, String> params(ModelCard card, RunParameters p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("algorithm", p.algorithm());
        m.put("seed", Long.toString(p.seed()));
        m.put("label", p.label());
        m.put("time_column", p.timeColumn() == null ? "none" : p.timeColumn());
        m.put("exclude", p.exclude().isEmpty() ? "none" : String.join(",", p.exclude()));
        if (card.parameters() != null) {
            // Scalars as they are, one level of maps flattened (e.g. chosen.eta); the search
            // trials and space stay in the model card artifact, where they fit.
            card.parameters().forEach((k, v) -> {
                if (v instanceof Map<?, ?> sub) {
                    sub.forEach((sk, sv) -> {
                        if (!(sv instanceof Map<?, ?>) && !(sv instanceof java.util.Collection<?>) && !(sv != null && sv.getClass().isArray())) {
                            m.putIfAbsent(k + "." + sk, String.valueOf(sv));
                        }
                    });
                } else if (!(v instanceof java.util.Collection<?>)) {
                    m.putIfAbsent(k, String.valueOf(v));
                }
            });
        }
        if (card.calibration() != null) {
            m.put("calibration", card.calibration().method());
        }
        return m;
    }

    /**
     * The card's finite numeric holdout metrics, as {@code holdout_<name>}; for a model trained with
     * {@code --segment-by}, each segment's too, its own model's as {@code segment/<value>/holdout_<name>}
     * and the pooled model's on the same rows as {@code segment/<value>/pooled_holdout_<name>}
     * (characters MLflow does not take in a key become {@code _}).
     */
    public static Map<String, Double> metrics(ModelCard card) {
        Map<String, Double> m = new LinkedHashMap<>();
        addMetrics(m, "holdout_", card.holdoutMetrics());
        if (card.segments() != null && card.segments().values() != null) {
            for (SegmentsInfo.Segment s : card.segments().values()) {
                String prefix = "segment/" + METRIC_KEY_UNSAFE.matcher(s.value()).replaceAll("_") + "/";
                addMetrics(m, prefix + "holdout_", s.holdoutMetrics());
                addMetrics(m, prefix + "pooled_holdout_", s.pooledHoldoutMetrics());
            }
        }
        return m;
    }

    /** Adds the finite numbers of {@code metrics} (one level of maps flattened with {@code _}) under {@code prefix}. */
    private static void addMetrics(Map<String, Double> into, String prefix, Map<String, Object> metrics) {
        if (metrics == null) {
            return;
        }
        metrics.forEach((k, v) -> {
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                into.put(prefix + k, n.doubleValue());
            } else if (v instanceof Map<?, ?> sub) {
                sub.forEach((sk, sv) -> {
                    if (sv instanceof Number n && Double.isFinite(n.doubleValue())) {
                        into.put(prefix + k + "_" + sk, n.doubleValue());
                    }
                });
            }
        });
    }

    /** Provenance tags (MLflow's own {@code mlflow.source.git.commit} too, which its UI shows). */
    static Map<String, String> tags(ModelCard card, String leadscoreVersion) {
        String commit = GitCommit.of(Path.of("").toAbsolutePath());
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TAG_GIT_COMMIT, commit);
        m.put(TAG_DATA_SHA256, card.data().sha256());
        m.put(TAG_MODEL_VERSION, card.modelVersion());
        m.put(TAG_LEADSCORE_VERSION, leadscoreVersion);
        if (card.segments() != null) {
            m.put(TAG_SEGMENT_COLUMN, card.segments().column());
        }
        if (!GitCommit.UNKNOWN.equals(commit)) {
            m.put("mlflow.source.git.commit", commit);
        }
        m.put("mlflow.source.name", "leadscore train");
        return m;
    }
}
