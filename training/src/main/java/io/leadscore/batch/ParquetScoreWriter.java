package io.leadscore.batch;

import io.leadscore.data.DataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Writes scored leads to a Parquet file through {@link ScoreWriteSupport}, atomically
 * ({@link TempTarget}). Each chunk is encoded on a scoring thread into a row group of its own, as a
 * small Parquet file in memory ({@link MemoryFile}); appending copies that row group's bytes into the
 * output as they are, in input order.
 */
final class ParquetScoreWriter implements ScoreWriter<ParquetScoreWriter.Encoded> {
    /** A chunk encoded as a Parquet file in memory (one row group, or more for a chunk of over 256 MiB), and its row groups. */
    record Encoded(MemoryFile file, List<BlockMetaData> blocks) {
    }

    private static final String REASONS = OutputColumns.REASONS + ".list.element.";
    /** The Hadoop settings parquet-java reads, built once and without XML resources (every value is its default). */
    private static final Configuration CONF = new Configuration(false);
    /** Large enough that a chunk's leads are one row group. */
    private static final long CHUNK_ROW_GROUP_BYTES = 256L << 20;
    private final TempTarget target;
    private final OutputColumns columns;
    private final ParquetFileWriter file;

    ParquetScoreWriter(Path out, OutputColumns columns) {
        this.target = new TempTarget(out);
        this.columns = columns;
        try {
            this.file = new ParquetFileWriter(new LocalOutputFile(target.temp()), ScoreWriteSupport.schema(columns), ParquetFileWriter.Mode.OVERWRITE,
                    CHUNK_ROW_GROUP_BYTES, 0, null, ParquetProperties.builder().build());
            file.start();
        } catch (IOException e) {
            target.discard();
            throw new DataException(out.toString(), "cannot write: " + e.getMessage());
        }
    }

    @Override
    public Encoded encode(ScoredChunk chunk) {
        if (chunk.kept() == 0) {
            return null;
        }
        MemoryFile memory = new MemoryFile();
        try {
            ParquetWriter<ScoreWriteSupport.Row> writer = new Builder(memory, columns)
                    .withConf(CONF)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupSize(CHUNK_ROW_GROUP_BYTES)
                    .withSizeStatisticsEnabled(false)
                    // ids and probabilities are (nearly) all distinct: a dictionary would only be built to be dropped
                    .withDictionaryEncoding(columns.idColumn(), false)
                    .withDictionaryEncoding(OutputColumns.PROBABILITY, false)
                    // min/max of the reasons' texts helps no reader and costs a comparison per value
                    .withStatisticsEnabled(REASONS + "feature", false)
                    .withStatisticsEnabled(REASONS + "value", false)
                    .withStatisticsEnabled(REASONS + "direction", false)
                    .withStatisticsEnabled(REASONS + "description", false)
                    .build();
            for (int i = 0; i < chunk.kept(); i++) {
                writer.write(new ScoreWriteSupport.Row(chunk.ids()[i], chunk.predictions()[i]));
            }
            writer.close();
            return new Encoded(memory, writer.getFooter().getBlocks());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode scores in memory", e); // no file is touched
        }
    }

    @Override
    public void append(Encoded rows) {
        if (rows == null) {
            return;
        }
        try {
            file.appendRowGroups(rows.file().input(), rows.blocks(), false);
        } catch (IOException e) {
            throw new DataException(target.target().toString(), "cannot write: " + e.getMessage());
        }
    }

    @Override
    public void commit() {
        try {
            file.end(Map.of());
        } catch (IOException e) {
            throw new DataException(target.target().toString(), "cannot write: " + e.getMessage());
        }
        target.commit();
        target.sweep();
    }

    @Override
    public void close() {
        target.discard(file::close);
    }

    private static final class Builder extends ParquetWriter.Builder<ScoreWriteSupport.Row, Builder> {
        private final OutputColumns columns;

        Builder(OutputFile file, OutputColumns columns) {
            super(file);
            this.columns = columns;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<ScoreWriteSupport.Row> getWriteSupport(Configuration conf) {
            return new ScoreWriteSupport(columns);
        }
    }
}
