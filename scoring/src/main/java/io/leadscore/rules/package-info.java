/**
 * The hand-tuned point table: a rules YAML file ({@link io.leadscore.rules.RuleSetParser}) of criteria
 * and buckets that scores a lead in points and cuts the total into cold / warm / hot
 * ({@link io.leadscore.rules.RuleSet}, {@link io.leadscore.rules.Tier}). The learned scorecard is
 * written in the same format.
 */
package io.leadscore.rules;
