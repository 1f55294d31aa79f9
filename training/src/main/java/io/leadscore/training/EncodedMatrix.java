package io.leadscore.training;

import io.leadscore.data.Table;
import io.leadscore.features.FeatureEncoder;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;

/**
 * Encoded leads with their outcomes as one dense float matrix, what the trainers fit on: 4 bytes
 * per lead and feature, no object per lead or per value. Rows are stored one after the other; the
 * columns are the features in name order, which is the order of Tribuo's feature ids (so a slice of
 * the matrix is exactly what a Tribuo XGBoost model reads). Subsets (folds) are arrays of row
 * positions; only the XGBoost matrix of a subset that is not the first rows copies them, for the fit.
 */
public final class EncodedMatrix {
    /** The features in the encoding's order. */
    private final String[] names;
    /** The features in column order (by name). */
    private final String[] columns;
    /** Column of each feature in the encoding's order. */
    private final int[] columnOf;
    private final float[] x;
    private final int[] y;
    /** Mean of each feature in the encoding's order, summed in double precision before the float rounding. */
    private final double[] means;

    private EncodedMatrix(String[] names, float[] x, int[] y, double[] means) {
        this.names = names;
        this.columnOf = new int[names.length];
        Integer[] order = IntStream.range(0, names.length).boxed().sorted(Comparator.comparing(j -> names[j])).toArray(Integer[]::new);
        this.columns = new String[names.length];
        for (int c = 0; c < order.length; c++) {
            columns[c] = names[order[c]];
            columnOf[order[c]] = c;
        }
        this.x = x;
        this.y = y;
        this.means = means;
    }

    /** Encodes the given rows of a table (outcomes {@code y}, one per row). */
    public static EncodedMatrix encode(Table table, int[] rows, int[] y, FeatureEncoder encoder) {
        return of(encoder.encoding().featureNames(), y, i -> encoder.encode(table.row(rows[i])).values());
    }

    /**
     * A matrix of {@code y.length} rows, row {@code i} given by {@code row} (values in the order of
     * {@code names}).
     */
    public static EncodedMatrix of(String[] names, int[] y, IntFunction<double[]> row) {
        int cols = names.length;
        float[] x = new float[Math.multiplyExact(y.length, cols)];
        double[] sum = new double[cols];
        EncodedMatrix m = new EncodedMatrix(names.clone(), x, y.clone(), sum);
        for (int i = 0; i < y.length; i++) {
            double[] v = row.apply(i);
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                x[base + m.columnOf[j]] = (float) v[j];
                sum[j] += v[j];
            }
        }
        for (int j = 0; j < cols; j++) {
            sum[j] = y.length == 0 ? 0 : sum[j] / y.length;
        }
        return m;
    }

    public int rows() {
        return y.length;
    }

    public int columns() {
        return columns.length;
    }

    /** The outcomes, one per row (not a copy). */
    public int[] y() {
        return y;
    }

    /** The outcomes of the rows at {@code positions}. */
    public int[] y(int[] positions) {
        int[] out = new int[positions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = y[positions[i]];
        }
        return out;
    }

    /** The feature names in column order (Tribuo's feature id order). */
    public String[] columnNames() {
        return columns.clone();
    }

    /**
     * Checks that a Tribuo feature map's ids are this matrix's columns (both: the encoded features
     * in name order), as a model fitted on the matrix, or applied to it, needs.
     */
    void requireColumnIds(ImmutableFeatureMap ids) {
        if (ids.size() != columns.length) {
            throw new IllegalArgumentException("the model has " + ids.size() + " features, the matrix " + columns.length);
        }
        for (int c = 0; c < columns.length; c++) {
            if (ids.getID(columns[c]) != c) {
                throw new IllegalArgumentException("the model's feature " + columns[c] + " is not the matrix's column " + c);
            }
        }
    }

    /** The value of row {@code row}, column {@code col}. */
    public float get(int row, int col) {
        return x[row * columns.length + col];
    }

    /** Each feature's mean over the rows, by name in the encoding's order: the card's reference lead. */
    public Map<String, Double> featureMeans() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < names.length; j++) {
            out.put(names[j], means[j]);
        }
        return out;
    }

    /** Every row position, in order. */
    public int[] all() {
        return IntStream.range(0, rows()).toArray();
    }

    /**
     * The rows at {@code positions} as an XGBoost matrix (columns by name, labels 1 for a conversion).
     * Rows in order from the first are handed over without copying them on the Java heap.
     */
    public DMatrix dmatrix(int[] positions) {
        int cols = columns.length;
        float[] data;
        if (isPrefix(positions)) {
            data = x;
        } else {
            data = new float[Math.multiplyExact(positions.length, cols)];
            for (int i = 0; i < positions.length; i++) {
                System.arraycopy(x, positions[i] * cols, data, i * cols, cols);
            }
        }
        float[] labels = new float[positions.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = y[positions[i]];
        }
        try {
            // encoded values are never missing; NaN marks missing as in Tribuo's own conversion
            DMatrix m = new DMatrix(data, positions.length, cols, Float.NaN);
            m.setLabel(labels);
            return m;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not take the matrix: " + e.getMessage(), e);
        }
    }

    private static boolean isPrefix(int[] positions) {
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] != i) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "EncodedMatrix[" + rows() + " x " + columns() + ", features " + Arrays.toString(names) + "]";
    }
}
