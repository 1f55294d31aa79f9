package io.leadscore.rules;

import java.util.List;

/**
 * One line of a point table: a condition on a column's value and the points it gives. Exactly one
 * kind of condition is set: {@code is}/{@code in} (levels or booleans) or a numeric range
 * {@code at_least} (inclusive) / {@code below} (exclusive).
 *
 * @param in the values that match (one value for {@code is})
 * @param atLeast lower bound, inclusive, or null
 * @param below upper bound, exclusive, or null
 * @param points the points given when the value matches
 */
public record Bucket(List<String> in, Double atLeast, Double below, int points) {

    /** Whether a lead's value falls in this bucket (a missing value never does). */
    public boolean matches(Object value) {
        if (value == null) {
            return false;
        }
        if (in != null) {
            String s = RuleSet.text(value);
            return in.contains(s);
        }
        double d;
        if (value instanceof Number n) {
            d = n.doubleValue();
        } else if (value instanceof Boolean b) {
            d = b ? 1 : 0;
        } else {
            return false;
        }
        return (atLeast == null || d >= atLeast) && (below == null || d < below);
    }
}
