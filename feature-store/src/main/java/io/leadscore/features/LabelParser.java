package io.leadscore.features;

import io.leadscore.data.Column;
import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import java.util.Locale;

/**
 * Reads the outcome column of a table as 0/1. Accepted values: 1/0, true/false, yes/no (any case).
 * Any other or missing value, or a column with only one class, is a {@link DataException} naming
 * the file, row and column.
 */
public final class LabelParser {
    private LabelParser() {
    }

    public static int[] parse(Table table, String labelColumn) {
        Column c = table.require(labelColumn, "label");
        int n = c.size();
        int[] y = new int[n];
        int positives = 0;
        for (int r = 0; r < n; r++) {
            Integer v = switch (c.type()) {
                case NUMERIC, BOOLEAN -> {
                    double d = c.number(r);
                    yield d == 1.0 ? Integer.valueOf(1) : d == 0.0 ? Integer.valueOf(0) : null;
                }
                case CATEGORICAL -> fromText(c.string(r));
                case TIMESTAMP -> null;
            };
            if (v == null) {
                Object raw = c.value(r);
                throw DataException.atRow(table.source(), r + 1, labelColumn,
                        "label value " + (raw == null ? "is missing" : "'" + raw + "' is not one of 1/0, true/false, yes/no"));
            }
            y[r] = v;
            positives += v;
        }
        if (positives == 0 || positives == n) {
            throw new DataException(table.source(), null, labelColumn,
                    "the label has only one class (" + (positives == 0 ? "no positives" : "no negatives") + " in " + n + " rows); a model needs both");
        }
        return y;
    }

    private static Integer fromText(String s) {
        if (s == null) {
            return null;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> 1;
            case "0", "false", "no" -> 0;
            default -> null;
        };
    }
}
