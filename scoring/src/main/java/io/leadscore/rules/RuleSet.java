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
     * The type of each column its criteria imply, for reading leads when no model says it (cold
     * start): numeric for a range ({@code at_least}/{@code below}) or values that are all numbers,
     * boolean for values that are all {@code true}/{@code false}, else categorical. A column whose
     * criteria imply different types is left out: any single value is read for it.
     */
    public Map<String, ColumnType> impliedTypes() {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        Set<String> mixed = new LinkedHashSet<>();
        for (Criterion c : criteria) {
            for (Bucket b : c.buckets()) {
                ColumnType t = impliedType(b);
                ColumnType before = types.putIfAbsent(c.column(), t);
                if (before != null && before != t) {
                    mixed.add(c.column());
                }
            }
        }
        types.keySet().removeAll(mixed);
        return types;
    }

    private static ColumnType impliedType(Bucket b) {
        if (b.in() == null || b.in().stream().allMatch(RuleSet::isNumber)) {
            return ColumnType.NUMERIC;
        }
        return b.in().stream().allMatch(v -> v.equals("true") || v.equals("false")) ? ColumnType.BOOLEAN : ColumnType.CATEGORICAL;
    }

    private static boolean isNumber(String v) {
        try {
            return Double.isFinite(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return false;
        }
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
