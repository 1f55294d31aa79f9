package io.leadscore.rules;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.features.FieldAccess;
import io.leadscore.features.LeadRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hand-tuned (or learned) point table: criteria on lead fields that give points, and the point
 * totals at which a lead becomes warm and hot. Read from YAML by {@link RuleSetParser}. Immutable
 * and thread-safe.
 */
public final class RuleSet {
    private final String name;
    private final String file;
    private final List<Criterion> criteria;
    private final int warmFrom;
    private final int hotFrom;
    /** The columns the criteria read, each once, in criteria order. */
    private final Set<String> columns;
    /** The criteria's columns, one per criterion, read from leads. */
    private final FieldAccess fields;

    /**
     * @param name a name for reports
     * @param file the file it was read from (for error messages)
     * @param criteria the criteria, scored independently and summed
     * @param warmFrom the lowest total that is warm
     * @param hotFrom the lowest total that is hot
     */
    public RuleSet(String name, String file, List<Criterion> criteria, int warmFrom, int hotFrom) {
        this.name = name;
        this.file = file;
        this.criteria = List.copyOf(criteria);
        this.warmFrom = warmFrom;
        this.hotFrom = hotFrom;
        this.columns = Collections.unmodifiableSet(new LinkedHashSet<>(this.criteria.stream().map(Criterion::column).toList()));
        this.fields = new FieldAccess(this.criteria.stream().map(Criterion::column).toList());
    }

    /** A name for reports. */
    public String name() {
        return name;
    }

    /** The file it was read from (for error messages). */
    public String file() {
        return file;
    }

    /** The criteria, scored independently and summed. */
    public List<Criterion> criteria() {
        return criteria;
    }

    /** The columns the criteria read, each once, in criteria order (one set for the life of this rule set). */
    public Set<String> columns() {
        return columns;
    }

    /** The lowest total that is warm. */
    public int warmFrom() {
        return warmFrom;
    }

    /** The lowest total that is hot. */
    public int hotFrom() {
        return hotFrom;
    }

    /** Scores one lead. Fields the lead lacks give no points. */
    public RuleScore score(LeadRecord lead) {
        int total = 0;
        Map<String, Integer> by = new LinkedHashMap<>();
        int[] at = fields.positions(lead);
        for (int i = 0; i < criteria.size(); i++) {
            Criterion c = criteria.get(i);
            int p = c.points(fields.get(lead, at, i));
            by.merge(c.name(), p, Integer::sum);
            total += p;
        }
        return new RuleScore(total, Tier.of(total, warmFrom, hotFrom), by);
    }

    /** Only the total points (no allocation per criterion), for scoring many leads. */
    public int points(LeadRecord lead) {
        int total = 0;
        int[] at = fields.positions(lead);
        for (int i = 0; i < criteria.size(); i++) {
            total += criteria.get(i).points(fields.get(lead, at, i));
        }
        return total;
    }

    public Tier tierOf(int points) {
        return Tier.of(points, warmFrom, hotFrom);
    }

    /**
     * Checks that every criterion reads a column that exists, with a condition that suits its type.
     *
     * @param available the available columns and their types
     * @throws DataException naming the rules file, the line and the column
     */
    public void validate(Map<String, ColumnType> available) {
        for (Criterion c : criteria) {
            ColumnType type = available.get(c.column());
            if (type == null) {
                throw DataException.atLine(file, c.line(), c.column(),
                        "criterion '" + c.name() + "' refers to an unknown column; available: " + String.join(", ", available.keySet()));
            }
            for (Bucket b : c.buckets()) {
                boolean range = b.in() == null;
                if (range && type == ColumnType.CATEGORICAL) {
                    throw DataException.atLine(file, c.line(), c.column(),
                            "criterion '" + c.name() + "' uses at_least/below on a categorical column; use is/in");
                }
            }
        }
    }

    /** The text form used to compare a value with {@code is}/{@code in} levels. */
    static String text(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return value.toString();
    }
}
