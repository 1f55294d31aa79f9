package io.leadscore.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelParserTest {
    private static Table strings(String... v) {
        return new Table("f.csv", List.of(Column.ofStrings("y", v)));
    }

    @Test
    void acceptsOneZeroTrueFalseYesNoInAnyCase() {
        assertArrayEquals(new int[] {1, 0, 1, 0, 1, 0}, LabelParser.parse(strings("Yes", "no", "TRUE", "false", "1", "0"), "y"));
        Table numeric = new Table("f.csv", List.of(Column.ofNumbers("y", ColumnType.NUMERIC, new double[] {1, 0})));
        assertArrayEquals(new int[] {1, 0}, LabelParser.parse(numeric, "y"));
    }

    @Test
    void otherValuesNameFileRowAndColumn() {
        DataException e = assertThrows(DataException.class, () -> LabelParser.parse(strings("yes", "maybe"), "y"));
        assertEquals("f.csv, row 2, column 'y': label value 'maybe' is not one of 1/0, true/false, yes/no", e.getMessage());
        DataException n = assertThrows(DataException.class, () -> LabelParser.parse(
                new Table("f.csv", List.of(Column.ofNumbers("y", ColumnType.NUMERIC, new double[] {1, 2}))), "y"));
        assertEquals("f.csv, row 2, column 'y': label value '2.0' is not one of 1/0, true/false, yes/no", n.getMessage());
    }

    @Test
    void oneClassOnlyIsRefused() {
        DataException e = assertThrows(DataException.class, () -> LabelParser.parse(strings("no", "no"), "y"));
        assertEquals("f.csv, column 'y': the label has only one class (no positives in 2 rows); a model needs both", e.getMessage());
    }

    @Test
    void missingLabelColumnListsTheColumns() {
        DataException e = assertThrows(DataException.class, () -> LabelParser.parse(strings("1", "0"), "converted"));
        assertEquals("f.csv, column 'converted': no such label column; the file has: y", e.getMessage());
    }
}
