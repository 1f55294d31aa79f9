/**
 * MLflow tracking and model registry for leadscore, used by {@code train --mlflow-uri} and
 * {@code promote}. Talks to an MLflow tracking server only (never to Python): the MLflow Java client
 * for experiments, runs, parameters, metrics, tags and reading model versions
 * ({@link io.leadscore.mlflow.MlflowTracking}, {@link io.leadscore.mlflow.ModelRegistry}); the REST
 * API for what that client lacks: registering versions and aliases
 * ({@link io.leadscore.mlflow.ModelRegistry}) and artifacts through the server's artifact proxy
 * ({@link io.leadscore.mlflow.ArtifactStore}). {@link io.leadscore.mlflow.Promotion} moves an alias
 * such as {@code champion}, optionally only when the candidate is not worse
 * ({@link io.leadscore.mlflow.PromotionCheck}). Serving never depends on this package.
 */
package io.leadscore.mlflow;
