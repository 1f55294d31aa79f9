/** The outcomes route: what became of each lead, kept durably for the live figures and retraining. */
package io.leadscore.serving.outcomes;
