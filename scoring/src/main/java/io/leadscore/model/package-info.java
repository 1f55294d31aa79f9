/**
 * The scoring core: what a model directory holds and how a lead is scored from it. A
 * {@link io.leadscore.model.ModelDirectory} loads and saves {@code model-card.json} (provenance, encoding,
 * calibration, tier cut-offs, feature profiles) with the model itself, a Tribuo model or an exported
 * {@link io.leadscore.model.ScoringFunction} (linear, tree ensemble). {@link io.leadscore.model.ConversionModel}
 * turns a lead into a calibrated probability, a 1–99 score, a tier and its reasons (exact linear
 * contributions or TreeSHAP); {@link io.leadscore.model.FeatureBins} and {@link io.leadscore.model.Drift}
 * bin inputs for drift. No web server, Spark, Parquet or MLflow here: the server, the batch scorer,
 * Spark executors and training all score through this package.
 */
package io.leadscore.model;
