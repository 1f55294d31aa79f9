package io.leadscore.features;

import io.leadscore.data.ColumnType;
import io.leadscore.data.Table;
import io.leadscore.data.TableRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one transform path from a raw lead to model features, used by training (over table rows)
 * and by serving (over request bodies) alike. {@link EncodingLearner} learns a {@link FeatureEncoding}
 * from the training split; {@link #encode} applies it to any {@link LeadRecord}. A categorical with many or
 * rare levels is target-encoded ({@link TargetEncoding}); the rows the model fits on then get their
 * levels' rates out of fold ({@link #outOfFold}), every other lead the rates fitted on all fit rows.
 */
public final class FeatureEncoder {
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
