package io.leadscore.cli;

import io.leadscore.mlflow.MlflowTracking;
import io.leadscore.mlflow.RunParameters;
import io.leadscore.mlflow.TrackedRun;
import io.leadscore.mlflow.TrackingServer;
import io.leadscore.model.ModelCard;
import io.leadscore.registry.MlflowClient;
import io.leadscore.registry.ModelVersion;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}'s MLflow options: log the saved model directory as a run and register it as a model version. */
final class TrackingOptions {
    @Option(names = TrackingServer.URI_FLAG, paramLabel = "URL",
            description = "MLflow tracking server to log the run to and register the model in (default: $" + TrackingServer.URI_VARIABLE
                    + "; neither: no tracking).")
    String mlflowUri;

    @Option(names = "--experiment", defaultValue = "leadscore", description = "MLflow experiment (default: ${DEFAULT-VALUE}).")
    String experiment;

    @Option(names = "--registered-model", defaultValue = "leadscore", description = "Registered model to add a version to (default: ${DEFAULT-VALUE}).")
    String registeredModel;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Logs and registers the model in {@code modelDir} if a tracking server is configured; does nothing otherwise. */
    void publish(Path modelDir, ModelCard card, RunParameters params) {
        Optional<MlflowClient> configured = TrackingServer.configured(mlflowUri);
        if (configured.isEmpty()) {
            return;
        }
        MlflowClient server = configured.get();
        TrackedRun run = new MlflowTracking(server).log(experiment, modelDir.toAbsolutePath(), card, params, leadscoreVersion());
        System.out.printf("mlflow run %s (experiment '%s') at %s%n", run.runId(), experiment, server.uri());
        ModelVersion v = server.registry().register(registeredModel, run.modelUri(), run.runId());
        System.out.printf("registered model '%s' version %s%n", v.name(), v.version());
    }

    private String leadscoreVersion() {
        String[] v = spec.root().version();
        return v.length == 0 ? "dev" : v[0].replaceFirst("^leadscore\\s+", "");
    }
}
