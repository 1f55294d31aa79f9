package io.leadscore.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory, column-oriented table read from a CSV or Parquet file. Columns keep the order of
 * the file; every column has {@link #rowCount()} values.
 */
public final class Table {
    private final String source;
    private final Map<String, Column> columns;
    private final int rowCount;

    /**
     * @param source where the table came from (a file name, used in error messages)
     * @param columns the columns, all of the same length
     */
    public Table(String source, List<Column> columns) {
        this.source = source;
        Map<String, Column> byName = new LinkedHashMap<>();
        int n = -1;
        for (Column c : columns) {
            if (n >= 0 && c.size() != n) {
                throw new IllegalArgumentException("column " + c.name() + " has " + c.size() + " rows, expected " + n);
            }
            n = c.size();
            if (byName.put(c.name(), c) != null) {
                throw DataException.atLine(source, 1, c.name(), "the column name appears twice in the header");
            }
        }
        this.columns = Collections.unmodifiableMap(byName);
        this.rowCount = Math.max(n, 0);
    }

    public String source() {
        return source;
    }

    public int rowCount() {
        return rowCount;
    }

    public Collection<Column> columns() {
        return columns.values();
    }

    public List<String> columnNames() {
        return new ArrayList<>(columns.keySet());
    }

    public Optional<Column> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /** The named column, or a {@link DataException} naming the file and the columns it has. */
    public Column require(String name, String role) {
        Column c = columns.get(name);
        if (c == null) {
            throw new DataException(source, null, name, "no such " + role + " column; the file has: " + String.join(", ", columns.keySet()));
        }
        return c;
    }

    /** The same table without the named columns; names that are not present are ignored. */
    public Table without(Collection<String> names) {
        List<Column> kept = new ArrayList<>();
        for (Column c : columns.values()) {
            if (!names.contains(c.name())) {
                kept.add(c);
            }
        }
        return new Table(source, kept);
    }

    /** A table of the given rows, in that order. */
    public Table select(int[] rows) {
        List<Column> out = new ArrayList<>();
        for (Column c : columns.values()) {
            out.add(c.select(rows));
        }
        return new Table(source, out);
    }

    /** A view of one row as a {@link io.leadscore.features.LeadRecord}-compatible map lookup. */
    public TableRow row(int index) {
        return new TableRow(this, index);
    }
}
