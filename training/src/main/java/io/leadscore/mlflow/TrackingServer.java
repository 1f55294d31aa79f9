package io.leadscore.mlflow;

import io.leadscore.data.DataException;
import io.leadscore.registry.MlflowClient;
import java.util.Optional;

/**
 * Which MLflow tracking server the commands talk to: {@code --mlflow-uri}, else the environment
 * variable {@code MLFLOW_TRACKING_URI}. Messages about the server name the one it came from.
 */
public final class TrackingServer {
    /** The environment variable used when {@code --mlflow-uri} is absent. */
    public static final String URI_VARIABLE = "MLFLOW_TRACKING_URI";
    /** The command-line flag naming the server. */
    public static final String URI_FLAG = "--mlflow-uri";

    private TrackingServer() {
    }

    /**
     * A client of the server named by {@code flag} or, when it is null, by {@code MLFLOW_TRACKING_URI};
     * empty when neither is set (tracking is then off).
     */
    public static Optional<MlflowClient> configured(String flag) {
        return configured(flag, System.getenv(URI_VARIABLE));
    }

    static Optional<MlflowClient> configured(String flag, String variable) {
        if (flag != null) {
            return Optional.of(MlflowClient.of(flag, URI_FLAG));
        }
        if (variable != null && !variable.isBlank()) {
            return Optional.of(MlflowClient.of(variable, URI_VARIABLE));
        }
        return Optional.empty();
    }

    /** Like {@link #configured(String)}, for commands that cannot work without a server. */
    public static MlflowClient required(String flag) {
        return configured(flag).orElseThrow(() -> new DataException(URI_FLAG,
                "no MLflow tracking server given; pass " + URI_FLAG + " URL or set " + URI_VARIABLE));
    }
}
