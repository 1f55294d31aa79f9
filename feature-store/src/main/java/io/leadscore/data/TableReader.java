package io.leadscore.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads a {@code .csv} or {@code .parquet} file into a {@link Table}, by file extension. */
public final class TableReader {
    private TableReader() {
    }

    public static Table read(Path path) {
        String file = path.toString();
        if (!Files.exists(path)) {
            throw new DataException(file, "no such file");
        }
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path) && lower.endsWith(".parquet")) {
            return ParquetTableReader.read(path); // a Parquet dataset directory, as Spark writes it
        }
        if (Files.isDirectory(path)) {
            throw new DataException(file, "is a directory, expected a .csv or .parquet file");
        }
        if (lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".txt")) {
            return CsvTableReader.read(path);
        }
        if (lower.endsWith(".parquet")) {
            return ParquetTableReader.read(path);
        }
        throw new DataException(file, "unknown file type: expected a .csv or .parquet file");
    }
}
