package io.leadscore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * The MLflow model registry: registering a run's model as a new version, reading versions, and
 * aliases such as {@code champion} ({@code registered-models/*}, {@code model-versions/*} of the REST
 * API). Made by {@link MlflowClient#registry()}.
 */
public final class ModelRegistry {
    private static final int READY_POLLS = 60;

    private final MlflowClient server;

    ModelRegistry(MlflowClient server) {
        this.server = server;
    }

    /** Registers {@code source} (produced by run {@code runId}) as a new version of {@code name}, creating the model if needed. */
    public ModelVersion register(String name, String source, String runId) {
        try {
            server.postJson("mlflow/registered-models/create", Map.of("name", name));
        } catch (MlflowApiException e) {
            if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                throw e;
            }
        }
        JsonNode created = server.postJson("mlflow/model-versions/create", Map.of("name", name, "source", source, "run_id", runId));
        return awaitReady(ModelVersion.of(created.path("model_version")), created.path("model_version").path("status").asText("READY"));
    }

    private ModelVersion awaitReady(ModelVersion v, String status) {
        for (int i = 0; i < READY_POLLS && "PENDING_REGISTRATION".equals(status); i++) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            status = server.getJson("mlflow/model-versions/get", Map.of("name", v.name(), "version", v.version()))
                    .path("model_version").path("status").asText("READY");
        }
        if (!"READY".equals(status)) {
            throw new io.leadscore.data.DataException(server.where(), v + " is " + status + ", not READY");
        }
        return v;
    }

    /** One version of a registered model; an {@link MlflowApiException} if there is no such version. */
    public ModelVersion version(String name, String version) {
        return ModelVersion.of(server.getJson("mlflow/model-versions/get", Map.of("name", name, "version", version)).path("model_version"));
    }

    /** Points {@code alias} of {@code name} at {@code version} (moving it from any other version). */
    public void setAlias(String name, String alias, String version) {
        server.postJson("mlflow/registered-models/alias", Map.of("name", name, "alias", alias, "version", version));
    }

    /** The version that {@code alias} points at, if the alias is set. */
    public Optional<ModelVersion> withAlias(String name, String alias) {
        try {
            JsonNode v = server.getJson("mlflow/registered-models/alias", Map.of("name", name, "alias", alias));
            return Optional.of(ModelVersion.of(v.path("model_version")));
        } catch (MlflowApiException e) {
            // Servers answer an unset alias with 404 or (MLflow 3) 400; tell it apart from other
            // errors by asking for the model's aliases, which fails in turn if the model is unknown.
            // A server error is never taken for "no alias": a guarded promotion would skip its check.
            if (e.status() >= 500) {
                throw e;
            }
            JsonNode aliases = server.getJson("mlflow/registered-models/get", Map.of("name", name)).path("registered_model").path("aliases");
            for (JsonNode a : aliases) {
                if (alias.equals(a.path("alias").asText())) {
                    throw e;
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Where a version's files are, as an artifact location: its source, or for a
     * {@code runs:/<run id>/<path>} source the run's artifact root and the path.
     */
    public String artifactLocation(ModelVersion v) {
        String source = v.source();
        if (!source.startsWith("runs:/")) {
            return source;
        }
        String rest = source.substring("runs:/".length());
        int slash = rest.indexOf('/');
        String runId = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String root = server.runs().run(runId).artifactUri();
        return path.isEmpty() ? root : root + "/" + path;
    }
}
