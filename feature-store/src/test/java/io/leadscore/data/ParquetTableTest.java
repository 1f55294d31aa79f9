package io.leadscore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTableTest {
    @TempDir
    Path dir;

    private static final List<ParquetTableWriter.Field> FIELDS = List.of(
            new ParquetTableWriter.Field("id", ColumnType.CATEGORICAL, false),
            new ParquetTableWriter.Field("visits", ColumnType.NUMERIC, false),
            new ParquetTableWriter.Field("demo", ColumnType.BOOLEAN, false),
            new ParquetTableWriter.Field("converted_at", ColumnType.TIMESTAMP, true));

    @Test
    void writesRealParquetAndReadsItBackTyped() throws IOException {
        Path file = dir.resolve("t.parquet");
        long t0 = Instant.parse("2025-03-01T12:00:00Z").toEpochMilli();
        try (var w = ParquetTableWriter.create(file, FIELDS)) {
            w.write("a", 3.0, true, t0);
            w.write("b", 0, false, null);
            w.commit();
        }
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(file)) {
            assertEquals(4, in.read(head));
        }
        assertEquals("PAR1", new String(head), "Parquet magic bytes");
        Table t = TableReader.read(file);
        assertEquals(2, t.rowCount());
        assertEquals(List.of("id", "visits", "demo", "converted_at"), t.columnNames());
        assertEquals(ColumnType.TIMESTAMP, t.require("converted_at", "x").type());
        assertEquals(Instant.ofEpochMilli(t0), t.require("converted_at", "x").value(0));
        assertNull(t.require("converted_at", "x").value(1));
        assertEquals(Boolean.TRUE, t.require("demo", "x").value(0));
        assertEquals(0.0, t.require("visits", "x").number(1));
        assertEquals("b", t.require("id", "x").string(1));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void closingWithoutCommitLeavesNoFile() throws IOException {
        Path file = dir.resolve("half.parquet");
        try (var w = ParquetTableWriter.create(file, FIELDS)) {
            w.write("a", 1.0, true, null);
        }
        assertFalse(Files.exists(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void notParquetIsAClearError() throws IOException {
        Path file = dir.resolve("bad.parquet");
        Files.writeString(file, "this is not parquet");
        DataException e = assertThrows(DataException.class, () -> TableReader.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a readable Parquet file"), e.getMessage());
    }
}
