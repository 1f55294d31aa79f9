/**
 * The managers' dashboard: model vs learned scorecard vs hand-tuned rules, rendered server-side to
 * HTML from Pebble templates (with inline SVG charts drawn in Java). The same templates make the
 * page served at {@code /dashboard} and the self-contained static report written by
 * {@code leadscore compare --report}; they and the page's CSS and JavaScript live under
 * {@code src/main/resources/io/leadscore/dashboard/templates/}.
 */
package io.leadscore.dashboard;
