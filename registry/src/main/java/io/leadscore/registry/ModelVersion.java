package io.leadscore.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A version of a registered model.
 *
 * @param name the registered model, e.g. {@code leadscore}
 * @param version its number, e.g. {@code "3"}
 * @param source where its files are, e.g. {@code mlflow-artifacts:/1/<run id>/artifacts/model}
 * @param runId the run that produced it, or empty
 */
public record ModelVersion(String name, String version, String source, String runId) {

    static ModelVersion of(JsonNode modelVersion) {
        return new ModelVersion(modelVersion.path("name").asText(), modelVersion.path("version").asText(),
                modelVersion.path("source").asText(), modelVersion.path("run_id").asText(""));
    }

    @Override
    public String toString() {
        return name + " version " + version;
    }
}
