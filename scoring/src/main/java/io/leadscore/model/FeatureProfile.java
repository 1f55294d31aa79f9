package io.leadscore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.leadscore.data.ColumnType;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.FeatureEncoding;
import io.leadscore.features.InputFeature;
import io.leadscore.features.LeadRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How one input field of a model was spread over the training window, stored in the model card
 * ({@code feature_profiles}) so that serving can tell how far live leads have drifted from the
 * leads the model learned from. The field's values fall into bins, each with its training share:
 * <ul>
 *   <li>numeric: up to ten quantile bins whose upper {@code edges} (inclusive) are the training
 *       rows' deciles, de-duplicated, then a bin above the last edge and a "missing" bin;</li>
 *   <li>boolean: false, true, missing;</li>
 *   <li>categorical: the card's {@code levels} (for a target-encoded one without any, its
 *       {@link #TARGET_ENCODED_LEVELS} levels with most training rows), then "other/unseen", then "missing".</li>
 * </ul>
 * {@link FeatureBins} puts a value into its bin, for training (to count the shares) and serving
 * (to log each scored lead's bins) alike.
 *
 * @param feature the input field (as in the card's {@code features})
 * @param type numeric, boolean or categorical
 * @param edges numeric only: the inclusive upper edges of the value bins, ascending
 * @param levels categorical only: the levels with their own bin, as in the card's encoding
 * @param bins a label per bin in plain words, e.g. {@code "over 2 up to 5"}, {@code "missing"}
 * @param shares the share of training-window rows in each bin (sums to 1)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureProfile(String feature, ColumnType type, double[] edges, List<String> levels, List<String> bins, double[] shares) {
    /** Numeric fields get at most this many value bins (deciles), plus "missing". */
    public static final int QUANTILE_BINS = 10;
    /** A target-encoded categorical's levels with a bin of their own: this many of those with most training rows. */
    public static final int TARGET_ENCODED_LEVELS = 20;
    /** Label of the bin of categorical levels without a bin of their own. */
    public static final String OTHER = "other/unseen";

    /** How many bins this field has (the length of {@link #bins()}). */
    public int binCount() {
        return bins.size();
    }

    /**
     * The profile of every input of {@code encoding} over the training-window {@code rows}, in the
     * encoding's input order.
     */
    public static List<FeatureProfile> of(FeatureEncoding encoding, List<? extends LeadRecord> rows) {
        List<FeatureProfile> layouts = new ArrayList<>();
        for (InputFeature in : encoding.inputs()) {
            layouts.add(layout(in, rows));
        }
        // The shares are counted with the very binning serving uses.
        FeatureBins binning = new FeatureBins(layouts);
        long[][] counts = new long[layouts.size()][];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new long[layouts.get(i).binCount()];
        }
        for (LeadRecord row : rows) {
            byte[] b = binning.bin(row);
            for (int i = 0; i < b.length; i++) {
                counts[i][b[i] & 0xFF]++;
            }
        }
        List<FeatureProfile> out = new ArrayList<>(layouts.size());
        for (int i = 0; i < counts.length; i++) {
            FeatureProfile l = layouts.get(i);
            double[] shares = new double[counts[i].length];
            for (int b = 0; b < shares.length; b++) {
                shares[b] = rows.isEmpty() ? 0 : (double) counts[i][b] / rows.size();
            }
            out.add(new FeatureProfile(l.feature, l.type, l.edges, l.levels, l.bins, shares));
        }
        return out;
    }

    private static FeatureProfile layout(InputFeature in, List<? extends LeadRecord> rows) {
        return switch (in.type()) {
            case NUMERIC -> {
                double[] edges = deciles(in.name(), rows);
                List<String> bins = new ArrayList<>();
                for (int b = 0; b <= edges.length; b++) {
                    bins.add(edges.length == 0 ? "any value"
                            : b == 0 ? "at most " + number(edges[0])
                            : b == edges.length ? "over " + number(edges[b - 1])
                            : "over " + number(edges[b - 1]) + " up to " + number(edges[b]));
                }
                bins.add(InputFeature.MISSING);
                yield new FeatureProfile(in.name(), in.type(), edges, null, bins, null);
            }
            case BOOLEAN -> new FeatureProfile(in.name(), in.type(), null, null, List.of("false", "true", InputFeature.MISSING), null);
            case CATEGORICAL -> {
                List<String> levels = in.oneHot() || in.targetEncoding() == null ? in.levels()
                        : in.knownLevels().stream().limit(TARGET_ENCODED_LEVELS).toList();
                List<String> bins = new ArrayList<>(levels);
                bins.add(OTHER);
                bins.add(InputFeature.MISSING);
                yield new FeatureProfile(in.name(), in.type(), null, levels, bins, null);
            }
            case TIMESTAMP -> throw new IllegalArgumentException("timestamp input " + in.name() + " has no profile");
        };
    }

    /** The nearest-rank deciles 10%…90% of a field's present values, de-duplicated. */
    private static double[] deciles(String field, List<? extends LeadRecord> rows) {
        double[] v = new double[rows.size()];
        int n = 0;
        for (LeadRecord r : rows) {
            Double d = FeatureEncoder.asNumber(r.get(field));
            if (d != null) {
                v[n++] = d;
            }
        }
        Arrays.sort(v, 0, n);
        double[] edges = new double[QUANTILE_BINS - 1];
        int m = 0;
        for (int k = 1; k < QUANTILE_BINS && n > 0; k++) {
            double q = v[(int) Math.ceil((double) k * n / QUANTILE_BINS) - 1];
            if (m == 0 || q > edges[m - 1]) {
                edges[m++] = q;
            }
        }
        return Arrays.copyOf(edges, m);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.4g", d);
    }
}
