/**
 * Training a conversion model: the time split ({@link io.leadscore.training.Split}), the history checks,
 * the encoded training rows as one dense float matrix ({@link io.leadscore.training.EncodedMatrix}) that
 * the trainers fit on directly, giving Tribuo models ({@link io.leadscore.training.Trainers}), the size-adapted search ({@link io.leadscore.training.ModelSearch},
 * {@link io.leadscore.training.SearchSpace}), the recipe that fits a model and its calibration on a
 * training window by cross-fitting ({@link io.leadscore.training.Recipe}), tier cut-offs, evaluation on
 * held-out leads ({@link io.leadscore.training.Evaluation}, with a bootstrap interval of the AUC:
 * {@link io.leadscore.training.BootstrapInterval}) and the model-vs-rules comparison.
 * {@link io.leadscore.training.TrainingRun} ties them together, optionally refitting the served model
 * on every row.
 */
package io.leadscore.training;
