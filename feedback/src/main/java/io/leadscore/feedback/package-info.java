/**
 * The feedback loop: every prediction (with the bin of each model input, never its value) and every
 * reported outcome, kept durably in an embedded SQLite file so that they can be joined for
 * retraining, for live AUC and for drift per field ({@link io.leadscore.feedback.LiveFigures}).
 */
package io.leadscore.feedback;
