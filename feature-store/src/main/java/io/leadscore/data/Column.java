package io.leadscore.data;

import java.time.Instant;
import java.util.Objects;

/**
 * One named, typed column of a {@link Table}. Numeric, boolean and timestamp columns keep their
 * values in a {@code double[]} (missing = {@code NaN}); categorical columns in a {@code String[]}
 * (missing = {@code null}).
 */
public final class Column {
    private final String name;
    private final ColumnType type;
    private final double[] numbers;
    private final String[] strings;

    private Column(String name, ColumnType type, double[] numbers, String[] strings) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.numbers = numbers;
        this.strings = strings;
    }

    /** A numeric, boolean or timestamp column. */
    public static Column ofNumbers(String name, ColumnType type, double[] values) {
        if (type == ColumnType.CATEGORICAL) {
            throw new IllegalArgumentException("categorical column " + name + " needs strings");
        }
        return new Column(name, type, values, null);
    }

    /** A categorical column. */
    public static Column ofStrings(String name, String[] values) {
        return new Column(name, ColumnType.CATEGORICAL, null, values);
    }

    public String name() {
        return name;
    }

    public ColumnType type() {
        return type;
    }

    public int size() {
        return numbers != null ? numbers.length : strings.length;
    }

    public boolean isMissing(int row) {
        return numbers != null ? Double.isNaN(numbers[row]) : strings[row] == null;
    }

    /** The numeric value of a non-categorical column ({@code NaN} when missing). */
    public double number(int row) {
        if (numbers == null) {
            throw new IllegalStateException("column " + name + " is categorical");
        }
        return numbers[row];
    }

    /** The level of a categorical column ({@code null} when missing). */
    public String string(int row) {
        if (strings == null) {
            throw new IllegalStateException("column " + name + " is " + type);
        }
        return strings[row];
    }

    /**
     * The value as a plain Java object: {@link Double}, {@link Boolean}, {@link String} or
     * {@link Instant}; {@code null} when missing.
     */
    public Object value(int row) {
        if (isMissing(row)) {
            return null;
        }
        return switch (type) {
            case NUMERIC -> numbers[row];
            case BOOLEAN -> numbers[row] != 0.0;
            case CATEGORICAL -> strings[row];
            case TIMESTAMP -> Instant.ofEpochMilli((long) numbers[row]);
        };
    }

    /** A new column holding the given rows, in that order. */
    public Column select(int[] rows) {
        if (numbers != null) {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = numbers[rows[i]];
            }
            return new Column(name, type, out, null);
        }
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = strings[rows[i]];
        }
        return new Column(name, type, null, out);
    }
}
