package io.leadscore.features;

import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.Table;
import io.leadscore.data.TableRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The one transform path from a raw lead to model features, used by training (over table rows)
 * and by serving (over request bodies) alike. {@link #fit} learns a {@link FeatureEncoding} from the
 * training split; {@link #encode} applies it to any {@link LeadRecord}. A categorical with many or
 * rare levels is target-encoded ({@link TargetEncoding}); the rows the model fits on then get their
 * levels' rates out of fold ({@link #outOfFold}), every other lead the rates fitted on all fit rows.
 */
public final class FeatureEncoder {
    /** A categorical level needs at least this many training rows to get its own feature. */
    static final int MIN_LEVEL_COUNT = 10;
    /** At most this many levels per categorical column get their own feature. */
    static final int MAX_LEVELS = 100;
    private static final double SKEW_FOR_LOG = 2.0;
    /** A categorical is target-encoded when it has at least this many levels... */
    static final int MIN_LEVELS_TO_TARGET_ENCODE = 20;
    /** ...and one-hot would lump at least this share of its rows into the unknown bucket. */
    static final double LUMPED_SHARE_TO_TARGET_ENCODE = 0.05;
    /** Folds of the out-of-fold target encoding of the fit rows. */
    public static final int TARGET_FOLDS = 5;

    private final FeatureEncoding encoding;
    /** Each input's level positions (empty for a non-categorical input). */
    private final List<LevelIndex> levelIndex = new ArrayList<>();
    private final FieldAccess fields;
    /** Per input: whether its transform is {@code log1p}; its centre and scale (numeric inputs), unboxed. */
    private final boolean[] log1p;
    private final double[] mean;
    private final double[] std;
    /** Per input: its target-encoded levels and their values (null for an input without target encoding). */
    private final LevelIndex[] targetLevels;
    private final double[][] targetValues;
    /** The fit rows' out-of-fold values, or null for an encoder that encodes every lead alike. */
    private final OutOfFold outOfFold;

    /**
     * The out-of-fold target encodings of a table's fit rows.
     *
     * @param table the table whose rows they are
     * @param position each table row's position among the fit rows, or -1
     * @param values per input, per fit row position, its value (null for an input without target encoding)
     */
    private record OutOfFold(Table table, int[] position, double[][] values) {
        int positionOf(LeadRecord lead) {
            return lead instanceof TableRow row && row.table() == table ? position[row.index()] : -1;
        }
    }

    public FeatureEncoder(FeatureEncoding encoding) {
        this.encoding = encoding;
        this.fields = new FieldAccess(encoding.inputs().stream().map(InputFeature::name).toList());
        int n = encoding.inputs().size();
        this.log1p = new boolean[n];
        this.mean = new double[n];
        this.std = new double[n];
        this.targetLevels = new LevelIndex[n];
        this.targetValues = new double[n][];
        this.outOfFold = null;
        for (int i = 0; i < n; i++) {
            InputFeature in = encoding.inputs().get(i);
            levelIndex.add(new LevelIndex(in.levels() == null ? List.of() : in.levels()));
            TargetEncoding te = in.targetEncoding();
            if (te != null) {
                List<String> known = List.copyOf(te.levels().keySet());
                targetLevels[i] = new LevelIndex(known);
                targetValues[i] = known.stream().mapToDouble(te::value).toArray();
            }
            log1p[i] = isLog1p(in.transform());
            if (in.type() == ColumnType.NUMERIC) {
                if (in.mean() == null || in.std() == null) {
                    throw new IllegalArgumentException("numeric input " + in.name() + " has no mean or std in its encoding");
                }
                mean[i] = in.mean();
                std[i] = in.std();
            }
        }
    }

    private FeatureEncoder(FeatureEncoder base, OutOfFold outOfFold) {
        this.encoding = base.encoding;
        this.levelIndex.addAll(base.levelIndex);
        this.fields = base.fields;
        this.log1p = base.log1p;
        this.mean = base.mean;
        this.std = base.std;
        this.targetLevels = base.targetLevels;
        this.targetValues = base.targetValues;
        this.outOfFold = outOfFold;
    }

    /**
     * This encoder for the rows a model fits on: rows {@code rows} of {@code table} (those the
     * encoding was fitted on) get each target-encoded level's rate fitted without their own fold
     * ({@link #TARGET_FOLDS} seeded stratified folds), so that no row sees its own outcome; any other
     * lead is encoded as by this encoder. This encoder itself when nothing is target-encoded.
     *
     * @param y the outcomes of {@code rows}
     */
    public FeatureEncoder outOfFold(Table table, int[] rows, int[] y, long seed) {
        if (!encoding.targetEncoded()) {
            return this;
        }
        int[] position = new int[table.rowCount()];
        Arrays.fill(position, -1);
        for (int p = 0; p < rows.length; p++) {
            position[rows[p]] = p;
        }
        double[][] values = new double[targetValues.length][];
        for (int i = 0; i < values.length; i++) {
            if (targetValues[i] != null) {
                values[i] = TargetEncoding.outOfFold(table.require(encoding.inputs().get(i).name(), "feature"), rows, y, TARGET_FOLDS, seed);
            }
        }
        return new FeatureEncoder(this, new OutOfFold(table, position, values));
    }

    public FeatureEncoding encoding() {
        return encoding;
    }

    /** The levels of input {@code i} (none for a non-categorical input). */
    public LevelIndex levels(int i) {
        return levelIndex.get(i);
    }

    /** The inputs' raw fields, in input order, as {@link #encode} reads them. */
    public FieldAccess fields() {
        return fields;
    }

    /** Learns the encoding of the given columns from the training rows of {@code table}, one-hot for every categorical. */
    public static FeatureEncoding fit(Table table, Collection<String> columns) {
        return fit(table, columns, null);
    }

    /**
     * Learns the encoding of the given columns from the training rows of {@code table} and their
     * outcomes {@code y}: a categorical with at least {@link #MIN_LEVELS_TO_TARGET_ENCODE} levels of
     * which one-hot would lump at least {@link #LUMPED_SHARE_TO_TARGET_ENCODE} of the rows into the
     * unknown bucket also gets its target encoding (beside the one-hot features of its frequent
     * levels), every other input is encoded as without outcomes.
     *
     * @param y the outcome of every row of {@code table}, or null for one-hot only
     */
    public static FeatureEncoding fit(Table table, Collection<String> columns, int[] y) {
        List<InputFeature> inputs = new ArrayList<>();
        for (String name : columns) {
            Column c = table.require(name, "feature");
            boolean hasMissing = false;
            for (int r = 0; r < c.size() && !hasMissing; r++) {
                hasMissing = c.isMissing(r);
            }
            inputs.add(switch (c.type()) {
                case NUMERIC -> fitNumeric(c, hasMissing);
                case BOOLEAN -> bool(name, hasMissing);
                case CATEGORICAL -> fitCategorical(c, hasMissing, y);
                case TIMESTAMP -> throw new IllegalArgumentException("timestamp column " + name + " cannot be a feature");
            });
        }
        return new FeatureEncoding(inputs);
    }

    private static InputFeature fitNumeric(Column c, boolean hasMissing) {
        double min = Double.POSITIVE_INFINITY;
        double sum = 0;
        int n = 0;
        for (int r = 0; r < c.size(); r++) {
            double v = c.number(r);
            if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                sum += v;
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double m2 = 0;
        double m3 = 0;
        for (int r = 0; r < c.size(); r++) {
            double v = c.number(r);
            if (!Double.isNaN(v)) {
                double d = v - mean;
                m2 += d * d;
                m3 += d * d * d;
            }
        }
        double sd = n == 0 ? 0 : Math.sqrt(m2 / n);
        double skew = sd == 0 ? 0 : (m3 / n) / (sd * sd * sd);
        String transform = numericTransform(min, skew);
        double tsum = 0;
        double tsq = 0;
        for (int r = 0; r < c.size(); r++) {
            double v = c.number(r);
            if (!Double.isNaN(v)) {
                double t = apply(transform, v);
                tsum += t;
                tsq += t * t;
            }
        }
        double tmean = n == 0 ? 0 : tsum / n;
        double tsd = n == 0 ? 0 : Math.sqrt(Math.max(0, tsq / n - tmean * tmean));
        return numeric(c.name(), hasMissing, transform, tmean, tsd);
    }

    /**
     * The transform of a numeric input: {@code log1p} for skewed non-negative values (counts,
     * durations), else {@code identity}.
     *
     * @param min the smallest present value on the fit rows
     * @param skew the population skewness of the present values (0 when constant)
     */
    public static String numericTransform(double min, double skew) {
        return min >= 0 && skew > SKEW_FOR_LOG ? "log1p" : "identity";
    }

    /**
     * A numeric input centred and scaled by its transformed values' mean and population standard
     * deviation on the fit rows (a deviation of about 0 scales by 1).
     */
    public static InputFeature numeric(String name, boolean hasMissing, String transform, double mean, double std) {
        return new InputFeature(name, ColumnType.NUMERIC, !hasMissing, transform, mean, std > 1e-12 ? std : 1.0, hasMissing, null);
    }

    /** A 0/1 input. */
    public static InputFeature bool(String name, boolean hasMissing) {
        return new InputFeature(name, ColumnType.BOOLEAN, !hasMissing, null, null, null, hasMissing, null);
    }

    private static InputFeature fitCategorical(Column c, boolean hasMissing, int[] y) {
        Map<String, Long> counts = new HashMap<>();
        for (int r = 0; r < c.size(); r++) {
            String s = c.string(r);
            if (s != null) {
                counts.merge(s, 1L, Long::sum);
            }
        }
        InputFeature oneHot = categorical(c.name(), hasMissing, counts);
        if (y == null || !lumpsTooMuch(counts, oneHot.levels())) {
            return oneHot;
        }
        int[] all = IntStream.range(0, c.size()).toArray();
        return new InputFeature(c.name(), ColumnType.CATEGORICAL, !hasMissing, null, null, null, hasMissing, oneHot.levels(),
                TargetEncoding.fit(c, all, y));
    }

    /** Whether a one-hot encoding of these levels would lump too many rows of many levels into the unknown bucket. */
    private static boolean lumpsTooMuch(Map<String, Long> counts, List<String> oneHotLevels) {
        if (counts.size() < MIN_LEVELS_TO_TARGET_ENCODE) {
            return false;
        }
        long present = counts.values().stream().mapToLong(Long::longValue).sum();
        long kept = oneHotLevels.stream().mapToLong(counts::get).sum();
        return present - kept >= LUMPED_SHARE_TO_TARGET_ENCODE * present;
    }

    /**
     * A one-hot input: the levels seen at least {@link #MIN_LEVEL_COUNT} times on the fit rows (the
     * {@link #MAX_LEVELS} most frequent), in name order; the rest go to the unknown bucket.
     *
     * @param counts rows per present level on the fit rows
     */
    public static InputFeature categorical(String name, boolean hasMissing, Map<String, Long> counts) {
        List<String> levels = counts.entrySet().stream()
                .filter(e -> e.getValue() >= MIN_LEVEL_COUNT)
                .filter(e -> !e.getKey().equals(InputFeature.UNKNOWN) && !e.getKey().equals(InputFeature.MISSING))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_LEVELS)
                .map(Map.Entry::getKey)
                .sorted(Comparator.naturalOrder())
                .toList();
        return new InputFeature(name, ColumnType.CATEGORICAL, !hasMissing, null, null, null, hasMissing, levels);
    }

    /** Applies a numeric input's transform ({@code log1p} of the value floored at 0, or identity). */
    public static double apply(String transform, double v) {
        return apply(isLog1p(transform), v);
    }

    private static boolean isLog1p(String transform) {
        return "log1p".equals(transform);
    }

    private static double apply(boolean log1p, double v) {
        return log1p ? Math.log1p(Math.max(v, 0.0)) : v;
    }

    /**
     * The furthest a number is encoded from the training mean, in standard deviations: beyond it
     * contributions could overflow. A training value is never this far out (at most the square root
     * of the row count), so it only ever binds on absurd requests.
     */
    static final double MAX_STANDARD_SCORE = 1e12;

    /** Encodes one lead. Missing or unknown values never fail here: they are imputed and noted as warnings. */
    public FeatureVector encode(LeadRecord lead) {
        double[] x = new double[encoding.featureCount()];
        List<String> warnings = new ArrayList<>(0);
        List<InputFeature> inputs = encoding.inputs();
        int[] positions = fields.positions(lead);
        int fitRow = outOfFold == null ? -1 : outOfFold.positionOf(lead);
        for (int i = 0; i < inputs.size(); i++) {
            InputFeature in = inputs.get(i);
            int at = encoding.firstFeatureOf(i);
            Object raw = fields.get(lead, positions, i);
            switch (in.type()) {
                case NUMERIC -> {
                    double v = number(raw);
                    if (Double.isNaN(v)) {
                        missing(in, x, at + 1, warnings);
                    } else {
                        if (v < 0 && log1p[i]) {
                            warnings.add(in.name() + ": negative value " + v + " treated as 0");
                        }
                        double z = (apply(log1p[i], v) - mean[i]) / std[i];
                        if (Math.abs(z) > MAX_STANDARD_SCORE) { // overflows the contributions; no training value is this far out
                            z = Math.copySign(MAX_STANDARD_SCORE, z);
                            warnings.add(in.name() + ": value " + v + " beyond " + MAX_STANDARD_SCORE + " standard deviations of training, clamped");
                        }
                        x[at] = z;
                    }
                }
                case BOOLEAN -> {
                    double v = number(raw);
                    if (Double.isNaN(v)) {
                        missing(in, x, at + 1, warnings);
                    } else {
                        x[at] = v != 0.0 ? 1.0 : 0.0;
                    }
                }
                case CATEGORICAL -> categorical(i, in, asLevel(raw), fitRow, x, at, warnings);
                case TIMESTAMP -> throw new IllegalStateException("timestamp input " + in.name());
            }
        }
        return new FeatureVector(x, warnings);
    }

    /**
     * Encodes a categorical's level from {@code at}: its one-hot features (the levels, then unknown),
     * its target-encoded rate (a fit row's out of fold; 0, the overall rate, when missing or unseen),
     * then its missing indicator, each where the input has it.
     */
    private void categorical(int i, InputFeature in, String level, int fitRow, double[] x, int at, List<String> warnings) {
        boolean oneHot = in.oneHot();
        int unknownSlot = at + in.levels().size();
        int targetSlot = oneHot ? unknownSlot + 1 : at;
        int missingSlot = (targetLevels[i] != null ? targetSlot : unknownSlot) + 1;
        if (level == null) {
            if (in.missingIndicator()) {
                x[missingSlot] = 1.0;
                warnings.add(in.name() + ": missing, treated as missing");
            } else {
                if (oneHot) {
                    x[unknownSlot] = 1.0;
                }
                warnings.add(in.name() + ": missing, treated as unknown");
            }
            return;
        }
        boolean known = false;
        if (oneHot) {
            int p = levelIndex.get(i).positionOf(level);
            x[p < 0 ? unknownSlot : at + p] = 1.0;
            known = p >= 0;
        }
        if (targetLevels[i] != null) {
            int p = targetLevels[i].positionOf(level);
            x[targetSlot] = fitRow >= 0 ? outOfFold.values()[i][fitRow] : p >= 0 ? targetValues[i][p] : 0.0;
            known = p >= 0;
        }
        if (!known) {
            warnings.add(in.name() + ": unseen value '" + level + "' treated as unknown");
        }
    }

    private static void missing(InputFeature in, double[] x, int indicatorSlot, List<String> warnings) {
        if (in.missingIndicator()) {
            x[indicatorSlot] = 1.0;
        }
        warnings.add(in.name() + ": missing, imputed");
    }

    /**
     * A raw field value as the encoder reads a number or a boolean (true = 1): null when absent or
     * not a finite number. Shared with anything else that must read leads exactly as the encoder does.
     */
    public static Double asNumber(Object raw) {
        double d = number(raw);
        return Double.isNaN(d) ? null : d;
    }

    /**
     * {@link #asNumber} without boxing, for the per-lead paths: the number, or NaN where
     * {@code asNumber} gives null (a number it reads is always finite).
     */
    public static double number(Object raw) {
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : Double.NaN;
        }
        if (raw instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return Double.NaN;
    }

    /**
     * A raw field value as the encoder reads a categorical level (whole numbers without ".0"): null
     * when absent.
     */
    public static String asLevel(Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return raw.toString();
    }
}
