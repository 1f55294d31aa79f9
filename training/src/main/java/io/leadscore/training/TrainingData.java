package io.leadscore.training;

import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import io.leadscore.features.LabelParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table ready for training: the outcome as 0/1 and the columns that may be features, with the
 * reason each other column was left out (the label, the time column, {@code --exclude}, timestamps
 * such as {@code converted_at} that are only known afterwards, identifiers, constants).
 *
 * @param table the data
 * @param y the outcome per row
 * @param inputs the columns used as features
 * @param dropped the columns not used, with the reason
 */
public record TrainingData(Table table, int[] y, List<String> inputs, Map<String, String> dropped) {

    /** Columns that look like identifiers: at least this share of rows have distinct values. */
    static final double IDENTIFIER_SHARE = 0.9;

    public static TrainingData prepare(Table table, String label, String timeColumn, Collection<String> exclude) {
        for (String e : exclude) {
            if (table.column(e).isEmpty()) {
                throw new DataException(table.source(), null, e, "--exclude names a column the file does not have; it has: "
                        + String.join(", ", table.columnNames()));
            }
        }
        int[] y = LabelParser.parse(table, label);
        if (timeColumn != null) {
            table.require(timeColumn, "time");
        }
        List<String> inputs = new ArrayList<>();
        Map<String, String> dropped = new LinkedHashMap<>();
        for (Column c : table.columns()) {
            String name = c.name();
            String why = roleOf(name, c.type(), label, timeColumn, exclude);
            why = why != null ? why : reasonToDrop(c);
            if (why == null) {
                inputs.add(name);
            } else {
                dropped.put(name, why);
            }
        }
        if (inputs.isEmpty()) {
            throw new DataException(table.source(), "no usable feature columns left (dropped: " + dropped + ")");
        }
        return new TrainingData(table, y, List.copyOf(inputs), dropped);
    }

    /**
     * Why a column is not an input by its name and type alone (the label, the time column,
     * {@code --exclude}, a timestamp, the lead id), or null. Both engines decide with this.
     */
    public static String roleOf(String name, ColumnType type, String label, String timeColumn, Collection<String> exclude) {
        return name.equals(label) ? "label"
                : name.equals(timeColumn) ? "time column"
                : exclude.contains(name) ? "excluded by --exclude"
                : type == ColumnType.TIMESTAMP ? "timestamp (not a feature; may only be known after scoring)"
                : name.equals(io.leadscore.schema.LeadField.LEAD_ID.column()) ? "identifier (the lead id; a lead may have several rows)"
                : null;
    }

    /**
     * Why a column is not an input by its values, or null: always missing, constant, or (text) an
     * identifier with almost every value distinct. Both engines decide with this.
     *
     * @param rows rows in the data
     * @param present rows with a value
     * @param distinct distinct present values (may be capped just above {@link #IDENTIFIER_SHARE} of the rows)
     */
    public static String reasonToDrop(ColumnType type, long rows, long present, long distinct) {
        if (present == 0) {
            return "always missing";
        }
        if (distinct == 1 && present == rows) {
            return "constant";
        }
        if (type == ColumnType.CATEGORICAL && rows >= 20 && distinct >= IDENTIFIER_SHARE * rows) {
            return "identifier (almost every value distinct)";
        }
        return null;
    }

    private static String reasonToDrop(Column c) {
        int n = c.size();
        Set<Object> distinct = new HashSet<>();
        int present = 0;
        for (int r = 0; r < n; r++) {
            Object v = c.value(r);
            if (v != null) {
                present++;
                if (distinct.size() <= n * IDENTIFIER_SHARE + 1) {
                    distinct.add(v);
                }
            }
        }
        return reasonToDrop(c.type(), n, present, distinct.size());
    }

    /** The outcomes of the given rows. */
    public int[] labels(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y[rows[i]];
        }
        return out;
    }
}
