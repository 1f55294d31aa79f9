package io.leadscore.serving.predict;

import io.leadscore.model.FeatureBins;
import io.leadscore.predict.Prediction;
import io.leadscore.predict.Predictor;
import io.leadscore.rules.RuleSet;
import io.leadscore.feedback.PredictionRecord;
import io.leadscore.serving.http.InvalidRequestException;
import io.leadscore.serving.lifecycle.ServedModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one lead of a predict request, the work both predict routes do for every lead: resolves
 * its features, scores it with the champion and the rules through the scoring core's
 * {@link Predictor} (probability, score, tier, reasons, rule score — as {@code leadscore score} does;
 * routed to its segment's model when the champion has segments), scores it with the challenger in
 * shadow, and bins it for drift; gives the answer and
 * the prediction to log once the request is answered. Thread-safe: a batch's leads are scored in
 * parallel.
 */
final class LeadScorer {
    /** Reasons returned per prediction. */
    static final int TOP_REASONS = Predictor.TOP_REASONS;
    private static final Logger LOG = LoggerFactory.getLogger(LeadScorer.class);

    /** One lead's answer, and the prediction to log once it is answered. */
    record Scored(PredictionAnswer answer, PredictionRecord logged) {
    }

    private final RuleSet rules;
    /** The fields the rules read (none without rules): one set, so the reader made for it is kept. */
    private final Set<String> ruleFields;
    private final boolean bins;

    /**
     * @param rules the rule set whose score is answered beside the model's, or null for none
     * @param bins whether to bin each lead for the prediction log's drift figures
     */
    LeadScorer(RuleSet rules, boolean bins) {
        this.rules = rules;
        this.bins = bins;
        this.ruleFields = rules == null ? Set.of() : rules.columns();
    }

    /** The reader of leads for model {@code m}'s inputs (its segment models' too) and these rules' fields (and its segment column). */
    LeadReader reader(ServedModel m) {
        return m.features().reader(m.segments().inputs(), Predictor.otherFields(m.segments(), ruleFields));
    }

    /**
     * Scores a lead read by {@link #reader}: resolves its features (fields, raw data or the online
     * store) and scores them.
     *
     * @param at the time of the prediction, for the log
     * @throws InvalidRequestException for a client mistake in the lead
     */
    Scored score(ServedModel m, ServedModel challenger, LeadReader.Lead lead, Instant at) {
        return score(m, challenger, m.features().resolve(lead, m.segments().inputs()), at);
    }

    private Scored score(ServedModel m, ServedModel challenger, FeatureResolver.Resolved resolved, Instant at) {
        LeadRequest lead = resolved.lead();
        Prediction s = new Predictor(m.segments(), rules, TOP_REASONS).predict(lead);
        List<String> warnings = s.warnings();
        if (!resolved.warnings().isEmpty()) {
            warnings = new ArrayList<>(resolved.warnings());
            warnings.addAll(s.warnings());
        }
        PredictionAnswer answer = new PredictionAnswer(lead.leadId(), s.probability(), s.score(), s.tier(),
                s.ruleScore(), s.ruleTier(), s.reasons(),
                s.modelName(), s.modelVersion(), warnings, s.segment(), resolved.source(), resolved.asOf());
        Double shadow = null;
        if (challenger != null) {
            try {
                shadow = challenger.model().probability(lead);
            } catch (RuntimeException e) {
                LOG.debug("challenger {} could not score a lead: {}", challenger.version(), e.getMessage());
            }
        }
        // logged as answered: the version and segment of the model that scored the lead, binned by that model's profiles
        FeatureBins binning = bins ? m.segments().modelFor(s.segment()).featureBins() : null;
        return new Scored(answer, new PredictionRecord(lead.leadId(), s.modelVersion(), s.probability(), s.score(), s.tier().label(),
                challenger == null ? null : challenger.version(), shadow, at, binning == null ? null : binning.bin(lead), s.segment(), s.reasons()));
    }
}
