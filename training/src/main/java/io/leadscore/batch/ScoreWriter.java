package io.leadscore.batch;

import io.leadscore.data.DataException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes scored leads, in input order, to a temporary file beside the target; {@link #commit()}
 * moves it into place, {@link #close()} without a commit discards it. Writing is split in two so
 * that the costly part spreads over the cores: {@link #encode} turns a chunk into the file's bytes
 * on the scoring threads, in any order; {@link #append} adds encoded chunks to the file on one
 * thread, in input order.
 *
 * @param <E> a chunk as encoded for this file
 */
public interface ScoreWriter<E> extends AutoCloseable {
    /** The leads a chunk keeps, encoded for the file (thread-safe). */
    E encode(ScoredChunk chunk);

    /** Appends an encoded chunk to the file, after every chunk before it. */
    void append(E encoded);

    /** Finishes the file and moves it into place. */
    void commit();

    /** Discards the temporary file unless {@link #commit()} ran. */
    @Override
    void close();

    /** A writer for {@code out}: Parquet for {@code .parquet}, CSV for {@code .csv}. */
    static ScoreWriter<?> create(Path out, OutputColumns columns) {
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
