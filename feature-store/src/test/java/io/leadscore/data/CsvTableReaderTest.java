package io.leadscore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableReaderTest {
    @TempDir
    Path dir;

    private Path csv(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void detectsEachDelimiterAndTypesColumnsByInspection() throws IOException {
        for (String d : new String[] {",", ";", "\t"}) {
            Path p = csv("t.csv", String.join(d, "n", "flag", "level", "when") + "\n"
                    + String.join(d, "1.5", "yes", "a", "2024-01-02") + "\n"
                    + String.join(d, "", "No", "b", "2024-01-03T10:00:00Z") + "\n");
            Table t = CsvTableReader.read(p);
            assertEquals(2, t.rowCount(), "delimiter " + d);
            assertEquals(ColumnType.NUMERIC, t.require("n", "x").type());
            assertTrue(t.require("n", "x").isMissing(1));
            assertEquals(ColumnType.BOOLEAN, t.require("flag", "x").type());
            assertEquals(0.0, t.require("flag", "x").number(1));
            assertEquals(ColumnType.CATEGORICAL, t.require("level", "x").type());
            assertEquals(ColumnType.TIMESTAMP, t.require("when", "x").type());
            assertEquals(Instant.parse("2024-01-03T10:00:00Z"), t.require("when", "x").value(1));
        }
    }

    @Test
    void followsRfc4180Quoting() throws IOException {
        Path p = csv("q.csv", "name,comment,n\n\"a,b\",\"said \"\"hi\"\"\nand left\",3\nc,plain,4\n");
        Table t = CsvTableReader.read(p);
        assertEquals(2, t.rowCount());
        assertEquals("a,b", t.require("name", "x").string(0));
        assertEquals("said \"hi\"\nand left", t.require("comment", "x").string(0));
        assertEquals(3.0, t.require("n", "x").number(0));
    }

    @Test
    void mixedValuesMakeACategoricalColumn() throws IOException {
        Table t = CsvTableReader.read(csv("m.csv", "code\n1\nx\n"));
        assertEquals(ColumnType.CATEGORICAL, t.require("code", "x").type());
        assertEquals("1", t.require("code", "x").string(0));
    }

    @Test
    void emptyFileIsAClearError() throws IOException {
        DataException e = assertThrows(DataException.class, () -> CsvTableReader.read(csv("e.csv", "")));
        assertTrue(e.getMessage().contains("e.csv") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void headerWithoutRowsIsAClearError() throws IOException {
        DataException e = assertThrows(DataException.class, () -> CsvTableReader.read(csv("h.csv", "a,b\n")));
        assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
    }

    @Test
    void shortRowNamesFileRowAndColumn() throws IOException {
        DataException e = assertThrows(DataException.class, () -> CsvTableReader.read(csv("s.csv", "a,b,c\n1,2,3\n4,5\n")));
        assertTrue(e.getMessage().startsWith(dir.resolve("s.csv") + ", row 2, column 'c':"), e.getMessage());
    }

    @Test
    void unterminatedQuoteIsAClearError() throws IOException {
        DataException e = assertThrows(DataException.class, () -> CsvTableReader.read(csv("u.csv", "a,b\n1,\"x\n")));
        assertTrue(e.getMessage().contains("u.csv") && e.getMessage().contains("row"), e.getMessage());
    }

    @Test
    void readerDispatchesByExtensionAndRejectsMissingFiles() {
        DataException e = assertThrows(DataException.class, () -> TableReader.read(dir.resolve("nope.csv")));
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("nope.csv")));
    }
}
