package io.leadscore.model;

import io.leadscore.data.DataException;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.FeatureEncoding;
import io.leadscore.features.FieldAccess;
import io.leadscore.features.LevelIndex;
import io.leadscore.features.LeadRecord;
import java.util.List;

/**
 * The one binning of lead fields by their {@link FeatureProfile}s: training counts its shares with
 * it, serving logs each scored lead's bins with it, and the two agree by construction. A lead's bins
 * are one byte per input in the card's input order (bin indexes below 256), no raw values: cheap to
 * compute (a lookup and a binary search per field, one small array per lead) and to store.
 * Thread-safe: binning does not mutate it.
 */
public final class FeatureBins {
    /** Most bins one field may have: a bin index must fit in a byte. */
    public static final int MAX_BINS = 256;

    private final List<FeatureProfile> profiles;
    private final FieldAccess fields;
    private final byte[] kind;
    private final double[][] edges;
    private final LevelIndex[] levels;

    private static final byte NUMERIC = 0;
    private static final byte BOOLEAN = 1;
    private static final byte CATEGORICAL = 2;

    FeatureBins(List<FeatureProfile> profiles) {
        this.profiles = List.copyOf(profiles);
        int n = profiles.size();
        fields = new FieldAccess(profiles.stream().map(FeatureProfile::feature).toList());
        kind = new byte[n];
        edges = new double[n][];
        levels = new LevelIndex[n];
        for (int i = 0; i < n; i++) {
            FeatureProfile p = profiles.get(i);
            switch (p.type()) {
                case NUMERIC -> {
                    kind[i] = NUMERIC;
                    edges[i] = p.edges() == null ? new double[0] : p.edges().clone();
                }
                case BOOLEAN -> kind[i] = BOOLEAN;
                case CATEGORICAL -> {
                    kind[i] = CATEGORICAL;
                    levels[i] = new LevelIndex(p.levels() == null ? List.of() : p.levels());
                }
                case TIMESTAMP -> throw new IllegalArgumentException("timestamp input " + p.feature() + " has no profile");
            }
        }
    }

    /**
     * The binning of a model card's profiles, or null when the card has none (a model trained before
     * cards carried them). A card whose profiles do not match its inputs is corrupt.
     */
    public static FeatureBins of(ModelCard card) {
        List<FeatureProfile> profiles = card.featureProfiles();
        if (profiles == null) {
            return null;
        }
        FeatureEncoding enc = card.features();
        String problem = null;
        if (profiles.size() != enc.inputs().size()) {
            problem = profiles.size() + " feature profiles for " + enc.inputs().size() + " inputs";
        }
        for (int i = 0; problem == null && i < profiles.size(); i++) {
            FeatureProfile p = profiles.get(i);
            var in = enc.inputs().get(i);
            int expected = switch (in.type()) {
                case NUMERIC -> (p.edges() == null ? 0 : p.edges().length) + 2;
                case BOOLEAN -> 3;
                case CATEGORICAL -> (p.levels() == null ? 0 : p.levels().size()) + 2;
                case TIMESTAMP -> -1;
            };
            if (!in.name().equals(p.feature()) || in.type() != p.type()) {
                problem = "feature profile " + i + " is " + p.feature() + " (" + p.type() + "), the input is " + in.name() + " (" + in.type() + ")";
            } else if (p.bins() == null || p.shares() == null || p.bins().size() != expected || p.shares().length != expected || expected > MAX_BINS) {
                problem = "the feature profile of " + p.feature() + " does not have " + expected + " bins and shares";
            }
        }
        if (problem != null) {
            throw new DataException(card.modelVersion(), "the model card's feature_profiles do not match its features: " + problem);
        }
        return new FeatureBins(profiles);
    }

    /** The profiles, in the card's input order. */
    public List<FeatureProfile> profiles() {
        return profiles;
    }

    /** The bin of every input of {@code lead}: one byte per input (read as unsigned), in input order. */
    public byte[] bin(LeadRecord lead) {
        byte[] out = new byte[fields.size()];
        int[] positions = fields.positions(lead);
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) bin(i, fields.get(lead, positions, i));
        }
        return out;
    }

    /** The bin of a raw value of input {@code input}; values are read as {@link FeatureEncoder} reads them. */
    public int bin(int input, Object raw) {
        switch (kind[input]) {
            case NUMERIC -> {
                double[] e = edges[input];
                double x = FeatureEncoder.number(raw);
                if (Double.isNaN(x)) {
                    return e.length + 1;
                }
                // the number of edges below x: bin b holds (edge[b-1], edge[b]]
                int lo = 0;
                int hi = e.length;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (e[mid] < x) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                return lo;
            }
            case BOOLEAN -> {
                double v = FeatureEncoder.number(raw);
                return Double.isNaN(v) ? 2 : v != 0.0 ? 1 : 0;
            }
            default -> {
                LevelIndex idx = levels[input];
                String s = FeatureEncoder.asLevel(raw);
                if (s == null) {
                    return idx.size() + 1;
                }
                int level = idx.positionOf(s);
                return level < 0 ? idx.size() : level;
            }
        }
    }
}
