package io.leadscore.feedback;

/**
 * What became of a lead, as reported by the CRM.
 *
 * @param outcomeId the CRM's id of this report; reporting it again is harmless
 * @param leadId the lead
 * @param converted true when the lead became a customer, false when it was lost
 * @param at when it happened (ISO-8601)
 * @param dealValue the deal's value, or null
 */
public record Outcome(String outcomeId, String leadId, boolean converted, String at, Double dealValue) {
}
