package io.leadscore.model;

/**
 * Splits a model's raw log-odds for one encoded lead into a base (the average lead) and one
 * contribution per encoded feature, exactly: {@code base + Σ contributions = raw log-odds}.
 */
interface Explainer {
    /**
     * @param x the encoded features
     * @param contributions filled with one contribution per encoded feature
     * @return the base log-odds
     */
    double explain(double[] x, double[] contributions);
}
