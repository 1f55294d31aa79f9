/**
 * The feedback loop: every prediction and every reported outcome, kept durably in an embedded
 * SQLite file so that they can be joined for retraining and for live AUC.
 */
package io.leadscore.serving.feedback;
