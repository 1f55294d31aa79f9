package io.leadscore.data;

import io.leadscore.features.LeadRecord;

/** One row of a {@link Table}, seen as a {@link LeadRecord}. */
public final class TableRow implements LeadRecord {
    private final Table table;
    private final int index;

    TableRow(Table table, int index) {
        this.table = table;
        this.index = index;
    }

    @Override
    public Object get(String field) {
        return table.column(field).map(c -> c.value(index)).orElse(null);
    }

    /** The table this row belongs to. */
    public Table table() {
        return table;
    }

    public int index() {
        return index;
    }
}
