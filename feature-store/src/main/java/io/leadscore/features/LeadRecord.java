package io.leadscore.features;

/**
 * One lead's raw fields, however they arrived: a row of a training table or the JSON body of a
 * predict request. Values are {@link Double} (numbers), {@link Boolean}, {@link String} or
 * {@link java.time.Instant}; {@code null} when absent. This is the input of the one transform path
 * ({@link FeatureEncoder}) shared by training and serving.
 */
@FunctionalInterface
public interface LeadRecord {
    /** The value of a field, or null when the lead does not have it. */
    Object get(String field);

    /**
     * The layout of this lead's values when it keeps them by position (leads read the same way
     * share one), else null: then {@link #get} is the only way in.
     */
    default FieldLayout layout() {
        return null;
    }

    /** The value at a position of {@link #layout()}, or null when the lead does not have it. */
    default Object at(int position) {
        throw new UnsupportedOperationException("this lead has no field layout");
    }
}
