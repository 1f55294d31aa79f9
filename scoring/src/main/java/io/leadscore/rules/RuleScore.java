package io.leadscore.rules;

import java.util.Map;

/**
 * The incumbent point-table score of one lead.
 *
 * @param points the total points
 * @param tier the tier those points fall in
 * @param byCriterion the points each criterion gave, by criterion name
 */
public record RuleScore(int points, Tier tier, Map<String, Integer> byCriterion) {
}
