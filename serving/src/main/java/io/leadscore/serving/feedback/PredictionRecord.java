package io.leadscore.serving.feedback;

/**
 * One logged prediction (no personal data: only the lead's id, never its fields).
 *
 * @param leadId the lead's id, or null when the request carried none
 * @param modelVersion the champion that answered
 * @param probability its probability
 * @param score its 1–99 score
 * @param tier its tier
 * @param challengerVersion the challenger scored in shadow, or null
 * @param challengerProbability the challenger's probability, or null
 * @param at when (ISO-8601)
 */
public record PredictionRecord(String leadId, String modelVersion, double probability, int score, String tier,
                               String challengerVersion, Double challengerProbability, String at) {
}
