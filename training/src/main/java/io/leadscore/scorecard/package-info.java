/**
 * The learned scorecard: an integer point table fitted from outcomes, in the same YAML format as a
 * hand-tuned rules file, so a CRM that only understands points can use it as a drop-in replacement.
 */
package io.leadscore.scorecard;
