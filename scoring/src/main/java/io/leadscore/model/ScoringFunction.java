package io.leadscore.model;

/**
 * What a trained model computes for one encoded lead (features in the card's order): its raw,
 * uncalibrated probability of conversion, and the exact split of its log-odds into a base (the
 * average lead) and one contribution per encoded feature, {@code base + Σ contributions = raw
 * log-odds}. Implementations are immutable and thread-safe.
 */
public interface ScoringFunction {
    /** The raw probability of conversion of an encoded lead. */
    double probability(double[] x);

    /**
     * Splits the raw log-odds of an encoded lead into per-feature contributions.
     *
     * @param x the encoded features
     * @param contributions filled with one contribution per encoded feature
     * @return the base log-odds
     */
    double explain(double[] x, double[] contributions);
}
