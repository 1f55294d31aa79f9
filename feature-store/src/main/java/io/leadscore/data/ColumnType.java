package io.leadscore.data;

/** The kind of values a {@link Column} holds, decided by inspection when a table is read. */
public enum ColumnType {
    /** Real numbers; missing values are {@code NaN}. */
    NUMERIC,
    /** true/false (also yes/no); stored as 1/0, missing as {@code NaN}. */
    BOOLEAN,
    /** Free text levels such as {@code "referral"}; missing values are {@code null}. */
    CATEGORICAL,
    /** Instants, stored as epoch milliseconds; never used as a model feature directly. */
    TIMESTAMP
}
