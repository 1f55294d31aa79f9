package io.leadscore.mlflow;

/**
 * A finished MLflow run that logged a trained model.
 *
 * @param runId the run's id
 * @param experimentId the experiment it belongs to
 * @param artifactUri the run's artifact root, e.g. {@code mlflow-artifacts:/1/<run id>/artifacts}
 */
public record TrackedRun(String runId, String experimentId, String artifactUri) {
    /** Artifact path of the model directory within the run. */
    public static final String MODEL_PATH = "model";

    /** Where the run's model directory is: the source of a registered version. */
    public String modelUri() {
        return artifactUri + "/" + MODEL_PATH;
    }
}
