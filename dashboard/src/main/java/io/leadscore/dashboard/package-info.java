/**
 * The managers' dashboard: model vs learned scorecard vs hand-tuned rules, rendered server-side to
 * HTML with inline SVG charts. The same page is served at {@code /dashboard} and written as a
 * self-contained static report by {@code leadscore compare --report}.
 */
package io.leadscore.dashboard;
