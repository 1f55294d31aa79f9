package io.leadscore.feedback;

import io.leadscore.model.Reason;
import java.time.Instant;
import java.util.List;

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
 * @param at when it was made
 * @param bins the bin of each of the champion's inputs by its card's training profiles, one byte per
 *     input in the card's input order ({@link io.leadscore.model.FeatureBins}), or null when the card
 *     has none; bin indexes only, never values
 * @param segment the segment model that scored it, or null for the one global model
 * @param reasons the top reasons answered, carried only to a tier-change webhook event; not kept in
 *     the prediction log (null when read back)
 */
public record PredictionRecord(String leadId, String modelVersion, double probability, int score, String tier,
                               String challengerVersion, Double challengerProbability, Instant at, byte[] bins,
                               String segment, List<Reason> reasons) {

    /** A prediction logged with bins, without a segment or reasons. */
    public PredictionRecord(String leadId, String modelVersion, double probability, int score, String tier,
                            String challengerVersion, Double challengerProbability, Instant at, byte[] bins) {
        this(leadId, modelVersion, probability, score, tier, challengerVersion, challengerProbability, at, bins, null, null);
    }

    /** A prediction logged without bins. */
    public PredictionRecord(String leadId, String modelVersion, double probability, int score, String tier,
                            String challengerVersion, Double challengerProbability, Instant at) {
        this(leadId, modelVersion, probability, score, tier, challengerVersion, challengerProbability, at, null);
    }
}
