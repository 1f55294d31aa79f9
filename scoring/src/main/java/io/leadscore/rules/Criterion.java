package io.leadscore.rules;

import java.util.List;

/**
 * One criterion of a point table (for example "Decision authority" on {@code job_level}): the
 * first {@link Bucket} that matches the lead's value gives its points; no match gives 0.
 *
 * @param name the business name shown to people
 * @param column the lead field it reads
 * @param buckets the point lines, tried in order
 * @param line the line of the criterion in its rules file (for error messages)
 */
public record Criterion(String name, String column, List<Bucket> buckets, int line) {

    /** The points this criterion gives a value (0 when no bucket matches). */
    public int points(Object value) {
        for (Bucket b : buckets) {
            if (b.matches(value)) {
                return b.points();
            }
        }
        return 0;
    }
}
