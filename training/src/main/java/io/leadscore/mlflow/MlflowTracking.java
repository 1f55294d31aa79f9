package io.leadscore.mlflow;

import io.leadscore.data.DataException;
import io.leadscore.model.ModelCard;
import io.leadscore.model.ModelDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;

/**
 * Logs a trained model directory as an MLflow run: parameters (the training options and the
 * trainer's parameters), metrics (the card's holdout metrics as {@code holdout_*}), tags (git
 * commit, data SHA-256, model version, leadscore version) and artifacts (the model directory under
 * {@code model/}, and {@code model-card.json} at the root, uploaded through the artifact proxy).
 * Experiments, runs, parameters, metrics and tags go through the MLflow Java client.
 */
public final class MlflowTracking {
    /** Tag keys set on every run. */
    public static final String TAG_GIT_COMMIT = "git_commit";
    public static final String TAG_DATA_SHA256 = "data_sha256";
    public static final String TAG_MODEL_VERSION = "model_version";
    public static final String TAG_LEADSCORE_VERSION = "leadscore_version";

    private final MlflowServer server;
    private final ArtifactStore artifacts;

    public MlflowTracking(MlflowServer server) {
        this.server = server;
        this.artifacts = new ArtifactStore(server);
    }

    /**
     * Logs one finished training: creates the experiment if needed, then a run named after the
     * model version, and marks the run finished (or failed, if logging broke off).
     */
    public TrackedRun log(String experiment, Path modelDir, ModelCard card, RunParameters params, String leadscoreVersion) {
        String experimentId = experimentId(experiment);
        long now = System.currentTimeMillis();
        RunInfo run = server.withClient(c -> c.createRun(CreateRun.newBuilder().setExperimentId(experimentId)
                .setRunName(card.modelVersion()).setStartTime(now).build()));
        String runId = run.getRunId();
        try {
            List<Metric> metrics = new ArrayList<>();
            metrics(card).forEach((k, v) -> metrics.add(Metric.newBuilder().setKey(k).setValue(v).setTimestamp(now).setStep(0).build()));
            List<Param> ps = new ArrayList<>();
            params(card, params).forEach((k, v) -> ps.add(Param.newBuilder().setKey(k).setValue(v).build()));
            List<RunTag> tags = new ArrayList<>();
            tags(card, leadscoreVersion).forEach((k, v) -> tags.add(RunTag.newBuilder().setKey(k).setValue(v).build()));
            server.withClient(c -> {
                c.logBatch(runId, metrics, ps, tags);
                return null;
            });
            artifacts.uploadDirectory(run.getArtifactUri(), TrackedRun.MODEL_PATH, modelDir);
            artifacts.upload(run.getArtifactUri(), ModelDirectory.CARD_FILE, modelDir.resolve(ModelDirectory.CARD_FILE));
            server.withClient(c -> {
                c.setTerminated(runId, RunStatus.FINISHED, System.currentTimeMillis());
                return null;
            });
        } catch (RuntimeException e) {
            markFailed(runId);
            throw e;
        }
        return new TrackedRun(runId, experimentId, run.getArtifactUri());
    }

    private void markFailed(String runId) {
        try {
            server.withClient(c -> {
                c.setTerminated(runId, RunStatus.FAILED, System.currentTimeMillis());
                return null;
            });
        } catch (RuntimeException ignored) {
            // the original problem is the one to report
        }
    }

    private String experimentId(String name) {
        Optional<Experiment> found = server.withClient(c -> c.getExperimentByName(name));
        if (found.isPresent()) {
            if ("deleted".equals(found.get().getLifecycleStage())) {
                throw new DataException("--experiment", "experiment '" + name + "' is deleted on " + server.uri()
                        + "; restore it or choose another name");
            }
            return found.get().getExperimentId();
        }
        try {
            return server.withClient(c -> c.createExperiment(name));
        } catch (MlflowApiException e) {
            if ("RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) { // created meanwhile by another run
                return server.withClient(c -> c.getExperimentByName(name)).orElseThrow(() -> e).getExperimentId();
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

    /** The card's finite numeric holdout metrics, as {@code holdout_<name>}. */
    static Map<String, Double> metrics(ModelCard card) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (card.holdoutMetrics() != null) {
            card.holdoutMetrics().forEach((k, v) -> {
                if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                    m.put("holdout_" + k, n.doubleValue());
                } else if (v instanceof Map<?, ?> sub) {
                    sub.forEach((sk, sv) -> {
                        if (sv instanceof Number n && Double.isFinite(n.doubleValue())) {
                            m.put("holdout_" + k + "_" + sk, n.doubleValue());
                        }
                    });
                }
            });
        }
        return m;
    }

    /** Provenance tags (MLflow's own {@code mlflow.source.git.commit} too, which its UI shows). */
    static Map<String, String> tags(ModelCard card, String leadscoreVersion) {
        String commit = GitCommit.of(Path.of("").toAbsolutePath());
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TAG_GIT_COMMIT, commit);
        m.put(TAG_DATA_SHA256, card.data().sha256());
        m.put(TAG_MODEL_VERSION, card.modelVersion());
        m.put(TAG_LEADSCORE_VERSION, leadscoreVersion);
        if (!GitCommit.UNKNOWN.equals(commit)) {
            m.put("mlflow.source.git.commit", commit);
        }
        m.put("mlflow.source.name", "leadscore train");
        return m;
    }
}
