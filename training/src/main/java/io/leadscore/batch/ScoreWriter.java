package io.leadscore.batch;

import io.leadscore.data.DataException;
import io.leadscore.predict.Prediction;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes scored leads, in the order given, to a temporary file beside the target;
 * {@link #commit()} moves it into place, {@link #close()} without a commit discards it.
 */
public interface ScoreWriter extends AutoCloseable {
    /** Appends one lead's answer. */
    void write(String id, Prediction p);

    /** Finishes the file and moves it into place. */
    void commit();

    /** Discards the temporary file unless {@link #commit()} ran. */
    @Override
    void close();

    /** A writer for {@code out}: Parquet for {@code .parquet}, CSV for {@code .csv}. */
    static ScoreWriter create(Path out, OutputColumns columns) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return new ParquetScoreWriter(out, columns);
        }
        if (name.endsWith(".csv")) {
            return new CsvScoreWriter(out, columns);
        }
        throw new DataException(out.toString(), "unknown output type: name it *.parquet or *.csv");
    }
}
