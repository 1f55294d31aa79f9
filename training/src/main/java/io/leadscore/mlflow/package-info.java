/**
 * MLflow tracking and promotion for leadscore, used by {@code train --mlflow-uri} and
 * {@code promote}, through the one MLflow REST client of {@code io.leadscore.registry} (never
 * Python, never MLflow jars): {@link io.leadscore.mlflow.TrackingServer} picks the server from
 * {@code --mlflow-uri} or {@code MLFLOW_TRACKING_URI}; {@link io.leadscore.mlflow.MlflowTracking}
 * logs a trained model directory as a run; {@link io.leadscore.mlflow.Promotion} moves an alias such
 * as {@code champion}, optionally only when the candidate is not worse
 * ({@link io.leadscore.mlflow.PromotionCheck}). Serving never depends on this package.
 */
package io.leadscore.mlflow;
