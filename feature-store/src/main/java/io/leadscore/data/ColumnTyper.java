package io.leadscore.data;

import java.time.Instant;
import java.util.List;

/**
 * Types a column of text cells by inspection: numeric if every present cell is a number, else
 * boolean if every present cell is true/false/yes/no, else timestamp if every present cell is a
 * date, else categorical.
 */
final class ColumnTyper {
    private ColumnTyper() {
    }

    static Column type(String name, List<String[]> rows, int index) {
        boolean numeric = true;
        boolean bool = true;
        boolean time = true;
        boolean any = false;
        for (String[] row : rows) {
            String cell = row[index];
            if (ValueParser.isMissing(cell)) {
                continue;
            }
            any = true;
            numeric = numeric && ValueParser.parseNumber(cell) != null;
            bool = bool && ValueParser.parseBoolean(cell) != null;
            time = time && !numeric && ValueParser.parseTimestamp(cell) != null;
            if (!numeric && !bool && !time) {
                break;
            }
        }
        int n = rows.size();
        if (any && numeric) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                String cell = rows.get(i)[index];
                v[i] = ValueParser.isMissing(cell) ? Double.NaN : ValueParser.parseNumber(cell);
            }
            return Column.ofNumbers(name, ColumnType.NUMERIC, v);
        }
        if (any && bool) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                String cell = rows.get(i)[index];
                v[i] = ValueParser.isMissing(cell) ? Double.NaN : (ValueParser.parseBoolean(cell) ? 1.0 : 0.0);
            }
            return Column.ofNumbers(name, ColumnType.BOOLEAN, v);
        }
        if (any && time) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                String cell = rows.get(i)[index];
                Instant t = ValueParser.isMissing(cell) ? null : ValueParser.parseTimestamp(cell);
                v[i] = t == null ? Double.NaN : t.toEpochMilli();
            }
            return Column.ofNumbers(name, ColumnType.TIMESTAMP, v);
        }
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            String cell = rows.get(i)[index];
            v[i] = ValueParser.isMissing(cell) ? null : cell.trim();
        }
        return Column.ofStrings(name, v);
    }
}
