package io.leadscore.batch;

import io.leadscore.data.DataException;
import io.leadscore.data.ParquetTableWriter;
import io.leadscore.predict.Prediction;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/** Writes scored leads to a Parquet file through {@link ScoreWriteSupport}, atomically ({@link TempTarget}). */
final class ParquetScoreWriter implements ScoreWriter {
    private static final String REASONS = OutputColumns.REASONS + ".list.element.";
    private final TempTarget target;
    private final ParquetWriter<ScoreWriteSupport.Row> writer;

    ParquetScoreWriter(Path out, OutputColumns columns) {
        this.target = new TempTarget(out);
        try {
            this.writer = new Builder(new LocalOutputFile(target.temp()), columns)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupSize((long) ParquetTableWriter.ROW_GROUP_BYTES)
                    .withSizeStatisticsEnabled(false)
                    // ids and probabilities are (nearly) all distinct: a dictionary would only be built to be dropped
                    .withDictionaryEncoding(columns.idColumn(), false)
                    .withDictionaryEncoding(OutputColumns.PROBABILITY, false)
                    // min/max of the reasons' texts helps no reader and costs a comparison per value
                    .withStatisticsEnabled(REASONS + "feature", false)
                    .withStatisticsEnabled(REASONS + "value", false)
                    .withStatisticsEnabled(REASONS + "direction", false)
                    .withStatisticsEnabled(REASONS + "description", false)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build();
        } catch (IOException e) {
            target.discard();
            throw new DataException(out.toString(), "cannot write: " + e.getMessage());
        }
    }

    @Override
    public void write(String id, Prediction p) {
        try {
            writer.write(new ScoreWriteSupport.Row(id, p));
        } catch (IOException e) {
            throw new DataException(target.target().toString(), "cannot write: " + e.getMessage());
        }
    }

    @Override
    public void commit() {
        target.commit(writer);
    }

    @Override
    public void close() {
        target.discard(writer);
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
