package io.leadscore.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Streams rows into a Parquet file without holding them in memory. Rows go to a temporary file
 * beside the target; {@link #commit()} moves it into place atomically, and closing without a
 * commit deletes it, so a reader never sees a half-written file.
 *
 * <pre>{@code
 * try (var w = ParquetTableWriter.create(path, fields)) {
 *     w.write(values...);
 *     w.commit();
 * }
 * }</pre>
 */
public final class ParquetTableWriter implements AutoCloseable {
    /** One output column: name, type and whether it may be null. */
    public record Field(String name, ColumnType type, boolean nullable) {
    }

    /**
     * Row-group size. Readers hold one row group's column chunks in memory, so this bounds the
     * memory of streaming readers (the offline feature build) as well as of this writer.
     */
    public static final int ROW_GROUP_BYTES = 8 * 1024 * 1024;

    private final Path target;
    private final Path temp;
    private final Schema schema;
    private final ParquetWriter<GenericRecord> writer;
    private final List<Field> fields;
    private boolean open = true;
    private long rows;

    private ParquetTableWriter(Path target, List<Field> fields) throws IOException {
        this.target = target.toAbsolutePath();
        this.fields = List.copyOf(fields);
        Path dir = this.target.getParent();
        Files.createDirectories(dir);
        this.temp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        this.schema = schemaOf(fields);
        this.writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(temp))
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(ROW_GROUP_BYTES)
                // per-chunk level histograms are kept in memory until the footer is written and
                // nothing here reads them: without them a long file's writer stays smaller
                .withSizeStatisticsEnabled(false)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
    }

    public static ParquetTableWriter create(Path target, List<Field> fields) {
        try {
            return new ParquetTableWriter(target, fields);
        } catch (IOException e) {
            throw new DataException(target.toString(), "cannot write: " + e.getMessage());
        }
    }

    static Schema schemaOf(List<Field> fields) {
        SchemaBuilder.FieldAssembler<Schema> b = SchemaBuilder.record("lead_row").namespace("io.leadscore.rows").fields();
        for (Field f : fields) {
            Schema s = switch (f.type()) {
                case NUMERIC -> Schema.create(Schema.Type.DOUBLE);
                case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
                case CATEGORICAL -> Schema.create(Schema.Type.STRING);
                case TIMESTAMP -> LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            };
            if (f.nullable()) {
                s = Schema.createUnion(Schema.create(Schema.Type.NULL), s);
            }
            b = b.name(f.name()).type(s).noDefault();
        }
        return b.endRecord();
    }

    /**
     * Appends one row. Values in field order: {@link Double} or any {@link Number} for numeric,
     * {@link Boolean}, {@link String}, and epoch milliseconds ({@link Long}) for timestamps.
     */
    public void write(Object... values) {
        if (values.length != fields.size()) {
            throw new IllegalArgumentException("expected " + fields.size() + " values, got " + values.length);
        }
        GenericData.Record r = new GenericData.Record(schema);
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v != null) {
                v = switch (fields.get(i).type()) {
                    case NUMERIC -> ((Number) v).doubleValue();
                    case TIMESTAMP -> ((Number) v).longValue();
                    default -> v;
                };
            }
            r.put(i, v);
        }
        try {
            writer.write(r);
            rows++;
        } catch (IOException e) {
            throw new DataException(target.toString(), "cannot write: " + e.getMessage());
        }
    }

    public long rows() {
        return rows;
    }

    /** Finishes the file and moves it into place. */
    public void commit() {
        try {
            writer.close();
            open = false;
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException(target.toString(), "cannot write: " + e.getMessage());
        }
    }

    /** Discards the temporary file unless {@link #commit()} ran. */
    @Override
    public void close() {
        try {
            if (open) {
                open = false;
                writer.close();
            }
        } catch (IOException ignored) {
            // the temporary file is deleted below either way
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more to do: it is only a temporary file
            }
        }
    }
}
