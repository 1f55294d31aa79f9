/**
 * The one MLflow client of leadscore, over MLflow's REST API 2.0 with {@code java.net.http} and
 * Jackson (no MLflow jars, no Python): {@link io.leadscore.registry.MlflowClient} (server, credentials,
 * errors) and the calls leadscore makes through it: experiments and runs
 * ({@link io.leadscore.registry.RunTracking}), registered models, versions and aliases
 * ({@link io.leadscore.registry.ModelRegistry}), and run artifacts through the server's
 * {@code mlflow-artifacts} proxy ({@link io.leadscore.registry.ArtifactStore}). Training logs and
 * promotes through it; the prediction server follows a registry alias through it.
 */
package io.leadscore.registry;
