package io.leadscore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;

/**
 * Experiments and runs ({@code experiments/*}, {@code runs/*} of the REST API): finding or creating
 * an experiment, creating a run, logging its parameters, metrics and tags in one batch, and ending
 * it. Made by {@link MlflowClient#runs()}.
 */
public final class RunTracking {
    /** A run that finished normally. */
    public static final String FINISHED = "FINISHED";
    /** A run that broke off. */
    public static final String FAILED = "FAILED";

    private final MlflowClient client;

    RunTracking(MlflowClient client) {
        this.client = client;
    }

    /**
     * An experiment.
     *
     * @param id its id, e.g. {@code "1"}
     * @param name its name
     * @param lifecycleStage {@code active} or {@code deleted}
     */
    public record Experiment(String id, String name, String lifecycleStage) {
        /** Whether it is deleted (and can be restored, but not logged to). */
        public boolean deleted() {
            return "deleted".equals(lifecycleStage);
        }
    }

    /**
     * A run.
     *
     * @param runId its id
     * @param experimentId its experiment's id
     * @param artifactUri its artifact root, e.g. {@code mlflow-artifacts:/1/<run id>/artifacts}
     */
    public record Run(String runId, String experimentId, String artifactUri) {
        static Run of(JsonNode info) {
            return new Run(info.path("run_id").asText(), info.path("experiment_id").asText(), info.path("artifact_uri").asText());
        }
    }

    /** The experiment of that name (active or deleted), if there is one. */
    public Optional<Experiment> experimentByName(String name) {
        JsonNode e;
        try {
            e = client.getJson("mlflow/experiments/get-by-name", Map.of("experiment_name", name)).path("experiment");
        } catch (MlflowApiException notFound) {
            if (notFound.isNotFound()) {
                return Optional.empty();
            }
            throw notFound;
        }
        return Optional.of(new Experiment(e.path("experiment_id").asText(), e.path("name").asText(), e.path("lifecycle_stage").asText("active")));
    }

    /** Creates an experiment; its id. An {@link MlflowApiException} {@code RESOURCE_ALREADY_EXISTS} if the name is taken. */
    public String createExperiment(String name) {
        return client.postJson("mlflow/experiments/create", Map.of("name", name)).path("experiment_id").asText();
    }

    /** Starts a run named {@code runName} in an experiment. */
    public Run createRun(String experimentId, String runName, long startTimeMillis) {
        ObjectNode body = MlflowClient.JSON.createObjectNode().put("experiment_id", experimentId).put("run_name", runName)
                .put("start_time", startTimeMillis);
        return Run.of(client.postJson("mlflow/runs/create", body).path("run").path("info"));
    }

    /** A run by its id. */
    public Run run(String runId) {
        return Run.of(client.getJson("mlflow/runs/get", Map.of("run_id", runId)).path("run").path("info"));
    }

    /**
     * Logs parameters, metrics (at step 0, all with one timestamp) and tags in one request, in the
     * maps' order.
     */
    public void logBatch(String runId, Map<String, String> params, Map<String, Double> metrics, long timestampMillis, Map<String, String> tags) {
        ObjectNode body = MlflowClient.JSON.createObjectNode().put("run_id", runId);
        ArrayNode m = body.putArray("metrics");
        metrics.forEach((k, v) -> m.addObject().put("key", k).put("value", v).put("timestamp", timestampMillis).put("step", 0));
        ArrayNode p = body.putArray("params");
        params.forEach((k, v) -> p.addObject().put("key", k).put("value", v));
        ArrayNode t = body.putArray("tags");
        tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
        client.postJson("mlflow/runs/log-batch", body);
    }

    /** Ends a run with {@link #FINISHED} or {@link #FAILED}. */
    public void end(String runId, String status, long endTimeMillis) {
        ObjectNode body = MlflowClient.JSON.createObjectNode().put("run_id", runId).put("status", status).put("end_time", endTimeMillis);
        client.postJson("mlflow/runs/update", body);
    }
}
