/**
 * Training a conversion model: the time split ({@link io.leadscore.training.Split}), the history checks,
 * the Tribuo trainers and search ({@link io.leadscore.training.ModelSearch}), calibration, tier cut-offs,
 * evaluation on held-out leads ({@link io.leadscore.training.Evaluation}) and the model-vs-rules
 * comparison. {@link io.leadscore.training.TrainingRun} ties them together and writes the model directory.
 */
package io.leadscore.training;
