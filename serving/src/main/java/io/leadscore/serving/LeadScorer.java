package io.leadscore.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.model.FeatureBins;
import io.leadscore.model.Score;
import io.leadscore.rules.RuleSet;
import io.leadscore.feedback.PredictionRecord;
import io.leadscore.serving.lifecycle.ServedModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one lead of a predict request, the work both predict routes do for every lead: resolves
 * its features, scores it with the champion (probability, score, tier, reasons), adds the rule score
 * it replaces, scores it with the challenger in shadow, and bins it for drift; gives the answer and
 * the prediction to log once the request is answered. Thread-safe: a batch's leads are scored in
 * parallel.
 */
final class LeadScorer {
    /** Reasons returned per prediction. */
    static final int TOP_REASONS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(LeadScorer.class);

    /** One lead's answer, and the prediction to log once it is answered. */
    record Scored(PredictionAnswer answer, PredictionRecord logged) {
    }

    private final RuleSet rules;
    /** The fields the rules read (none without rules): one set, so the plain reader made for it is kept. */
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

    /**
     * Scores the lead in {@code bytes[offset, offset + length)}: read straight from the bytes when it
     * is a plain lead, else parsed by {@code tree} and resolved from the tree ({@code path} names it in
     * errors).
     *
     * @param at the time of the prediction, for the log
     * @throws InvalidRequestException for a client mistake in the lead
     */
    Scored score(ServedModel m, ServedModel challenger, byte[] bytes, int offset, int length, Supplier<JsonNode> tree,
                 Supplier<String> path, Instant at) {
        return score(m, challenger, m.features().resolve(bytes, offset, length, tree, path, m.model().encoding().inputs(), ruleFields), at);
    }

    /** The reader of plain leads for model {@code m} and these rules, for {@link #score(ServedModel, ServedModel, LeadRequest, Instant)}. */
    PlainLeadReader plainReader(ServedModel m) {
        return m.features().plainReader(m.model().encoding().inputs(), ruleFields);
    }

    /** Scores a lead read by {@link #plainReader}. */
    Scored score(ServedModel m, ServedModel challenger, LeadRequest lead, Instant at) {
        return score(m, challenger, FeatureResolver.plain(lead), at);
    }

    private Scored score(ServedModel m, ServedModel challenger, FeatureResolver.Resolved resolved, Instant at) {
        LeadRequest lead = resolved.lead();
        Score s = m.model().score(lead, TOP_REASONS);
        Integer rulePoints = rules == null ? null : rules.points(lead);
        List<String> warnings = s.warnings();
        if (!resolved.warnings().isEmpty()) {
            warnings = new ArrayList<>(resolved.warnings());
            warnings.addAll(s.warnings());
        }
        PredictionAnswer answer = new PredictionAnswer(lead.leadId(), s.probability(), s.score(), s.tier(),
                rulePoints, rulePoints == null ? null : rules.tierOf(rulePoints), s.reasons(),
                m.model().card().modelName(), m.version(), warnings, resolved.source(), resolved.asOf());
        Double shadow = null;
        if (challenger != null) {
            try {
                shadow = challenger.model().probability(lead);
            } catch (RuntimeException e) {
                LOG.debug("challenger {} could not score a lead: {}", challenger.version(), e.getMessage());
            }
        }
        FeatureBins binning = bins ? m.model().featureBins() : null;
        return new Scored(answer, new PredictionRecord(lead.leadId(), m.version(), s.probability(), s.score(), s.tier().label(),
                challenger == null ? null : challenger.version(), shadow, at, binning == null ? null : binning.bin(lead)));
    }
}
