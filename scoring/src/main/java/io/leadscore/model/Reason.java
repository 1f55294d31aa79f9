package io.leadscore.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Why a lead scored as it did: the signed contribution of one input field to the model's
 * log-odds, compared with the average training lead. For the linear model these are exact: the
 * average lead's log-odds plus all contributions equals the lead's log-odds.
 *
 * @param feature the input field, e.g. {@code pricing_page_views}
 * @param value the lead's value of it (as received; null when missing)
 * @param contribution change in log-odds this field causes; positive raises the probability
 * @param description the field in business words, e.g. "Views of the pricing page before scoring"
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Reason(String feature, Object value, double contribution, String description) {
}
