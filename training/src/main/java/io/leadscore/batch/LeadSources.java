package io.leadscore.batch;

import io.leadscore.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the leads of a file by its type: {@code .csv}, {@code .parquet} (a file or a directory of parts). */
public final class LeadSources {
    private LeadSources() {
    }

    public static LeadSource open(Path path, ScoreInputs inputs) {
        String file = path.toString();
        if (!Files.exists(path)) {
            throw new DataException(file, "no such file");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet") || Files.isDirectory(path)) {
            return ParquetLeads.open(path, inputs);
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
            return CsvLeads.open(path, inputs);
        }
        throw new DataException(file, "unknown file type: expected a .csv or .parquet file");
    }
}
