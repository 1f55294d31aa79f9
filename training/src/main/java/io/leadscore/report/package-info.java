/**
 * The managers' comparison: model vs learned scorecard vs hand-tuned rules on the same held-out
 * leads, aggregated server-side into the data behind the dashboard and the static report.
 */
package io.leadscore.report;
