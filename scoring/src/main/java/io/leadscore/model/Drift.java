package io.leadscore.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How far live leads have drifted from the training leads, field by field: the population
 * stability index (PSI) of each field's bins, PSI = Σ (live − train) · ln(live / train) over the
 * bins of its {@link FeatureProfile}, with shares below {@link #EPSILON} (an empty bin) counted as
 * {@code EPSILON}. Read as: below 0.1 stable, 0.1 to 0.25 shifting, above 0.25 shifted.
 */
public final class Drift {
    /** The share an empty bin counts as, so that the logarithm stays finite. */
    public static final double EPSILON = 1e-4;
    /** PSI from which a field is "shifting". */
    public static final double SHIFTING_FROM = 0.1;
    /** PSI above which a field is "shifted". */
    public static final double SHIFTED_ABOVE = 0.25;
    /** The sentence under the drift table: how to read PSI. */
    public static final String EXPLANATION = "PSI compares how this week's leads are spread over each field with the training leads; "
            + "above 0.25 the model is scoring leads unlike the ones it learned from: consider retraining.";

    private Drift() {
    }

    /** What a PSI says, in the words the dashboard uses. */
    public enum Verdict {
        /** PSI below 0.1. */
        STABLE,
        /** PSI from 0.1 to 0.25. */
        SHIFTING,
        /** PSI above 0.25. */
        SHIFTED;

        /** The verdict on a PSI value. */
        public static Verdict of(double psi) {
            return psi < SHIFTING_FROM ? STABLE : psi <= SHIFTED_ABOVE ? SHIFTING : SHIFTED;
        }

        /** The word shown: {@code stable}, {@code shifting} or {@code shifted}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One field's drift.
     *
     * @param feature the input field
     * @param description the field in business words (from the model card)
     * @param psi its population stability index
     * @param verdict stable, shifting or shifted
     * @param predictions how many logged predictions it is based on
     */
    public record FeatureDrift(String feature, String description, double psi, Verdict verdict, long predictions) {
    }

    /** PSI of live bin shares against training bin shares (same bins, same order). */
    public static double psi(double[] train, double[] live) {
        if (train.length != live.length) {
            throw new IllegalArgumentException(train.length + " training bins, " + live.length + " live bins");
        }
        double sum = 0;
        for (int b = 0; b < train.length; b++) {
            double t = Math.max(train[b], EPSILON);
            double l = Math.max(live[b], EPSILON);
            sum += (l - t) * Math.log(l / t);
        }
        return sum;
    }

    /** PSI of live bin counts (turned into shares) against training bin shares. */
    public static double psi(double[] train, long[] liveCounts) {
        long n = 0;
        for (long c : liveCounts) {
            n += c;
        }
        double[] live = new double[liveCounts.length];
        for (int b = 0; b < live.length; b++) {
            live[b] = n == 0 ? 0 : (double) liveCounts[b] / n;
        }
        return psi(train, live);
    }

    /**
     * Every field's drift, worst first (ties by field name).
     *
     * @param profiles the training profiles, in the card's input order
     * @param counts live bin counts per input, in the same order
     * @param predictions how many predictions the counts come from (0: no drift can be told)
     * @param descriptions business wording per field (missing ones fall back to the field name)
     */
    public static List<FeatureDrift> of(List<FeatureProfile> profiles, long[][] counts, long predictions, Map<String, String> descriptions) {
        List<FeatureDrift> out = new ArrayList<>();
        if (predictions == 0) {
            return out;
        }
        for (int i = 0; i < profiles.size(); i++) {
            FeatureProfile p = profiles.get(i);
            double psi = psi(p.shares(), counts[i]);
            String d = descriptions == null ? null : descriptions.get(p.feature());
            out.add(new FeatureDrift(p.feature(), d == null ? p.feature().replace('_', ' ') : d, psi, Verdict.of(psi), predictions));
        }
        out.sort(Comparator.comparingDouble(FeatureDrift::psi).reversed().thenComparing(FeatureDrift::feature));
        return out;
    }
}
