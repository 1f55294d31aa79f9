package io.leadscore.cli;

import io.leadscore.mlflow.MlflowServer;
import io.leadscore.mlflow.MlflowTracking;
import io.leadscore.mlflow.ModelRegistry;
import io.leadscore.mlflow.ModelVersion;
import io.leadscore.mlflow.RunParameters;
import io.leadscore.mlflow.TrackedRun;
import io.leadscore.model.ModelCard;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}'s MLflow options: log the saved model directory as a run and register it as a model version. */
final class TrackingOptions {
    @Option(names = MlflowServer.URI_FLAG, paramLabel = "URL",
            description = "MLflow tracking server to log the run to and register the model in (default: $" + MlflowServer.URI_VARIABLE
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
        Optional<MlflowServer> configured = MlflowServer.configured(mlflowUri);
        if (configured.isEmpty()) {
            return;
        }
        try (MlflowServer server = configured.get()) {
            TrackedRun run = new MlflowTracking(server).log(experiment, modelDir.toAbsolutePath(), card, params, leadscoreVersion());
            System.out.printf("mlflow run %s (experiment '%s') at %s%n", run.runId(), experiment, server.uri());
            ModelVersion v = new ModelRegistry(server).register(registeredModel, run.modelUri(), run.runId());
            System.out.printf("registered model '%s' version %s%n", v.name(), v.version());
        }
    }

    private String leadscoreVersion() {
        String[] v = spec.root().version();
        return v.length == 0 ? "dev" : v[0].replaceFirst("^leadscore\\s+", "");
    }
}
