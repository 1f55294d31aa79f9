package io.leadscore.offline;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.data.ParquetColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Streams the records of a Parquet file one at a time (memory stays flat whatever its size), with
 * one record of look-ahead and the 1-based number of the current row for messages.
 */
final class ParquetRecords implements AutoCloseable {
    private final String file;
    private final ParquetReader<GenericRecord> reader;
    private GenericRecord ahead;
    private final Schema schema;
    private long row;

    private ParquetRecords(Path path) {
        this.file = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new DataException(file, "no such file");
        }
        try {
            if (Files.size(path) == 0) {
                throw new DataException(file, "the file is empty");
            }
            this.reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(path)).withDataModel(GenericData.get()).build();
            this.ahead = reader.read();
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) {
                throw de;
            }
            throw new DataException(file, "not a readable Parquet file: " + e.getMessage());
        }
        this.schema = ahead == null ? null : ahead.getSchema();
    }

    static ParquetRecords open(Path path) {
        return new ParquetRecords(path);
    }

    String file() {
        return file;
    }

    /** Whether the file has no rows at all. */
    boolean isEmpty() {
        return schema == null;
    }

    /** The next record without consuming it, or null at the end. */
    GenericRecord peek() {
        return ahead;
    }

    /** Consumes and returns the next record, or null at the end. */
    GenericRecord next() {
        GenericRecord r = ahead;
        if (r == null) {
            return null;
        }
        row++;
        try {
            ahead = reader.read();
        } catch (IOException | RuntimeException e) {
            throw DataException.atRow(file, row + 1, null, "unreadable Parquet record: " + e.getMessage());
        }
        return r;
    }

    /** The 1-based row number of the record {@link #next()} returned last. */
    long row() {
        return row;
    }

    boolean has(String column) {
        return schema != null && schema.getField(column) != null;
    }

    /** A reader of one column, checked to be of one of the {@code allowed} types. */
    Field field(String column, Set<ColumnType> allowed, String why) {
        Schema.Field f = schema == null ? null : schema.getField(column);
        if (f == null) {
            throw new DataException(file, null, column, "no such column (" + why + ")");
        }
        Field field = new Field(file, f);
        if (!allowed.contains(field.type)) {
            throw new DataException(file, null, column, "expected " + allowed.stream().map(t -> t.name().toLowerCase()).sorted().toList()
                    + " values (" + why + "), the file has " + field.type.name().toLowerCase());
        }
        return field;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
    }

    /** Reads one column of records, as the Java values of a {@link io.leadscore.features.LeadRecord}. */
    static final class Field {
        final String file;
        final String name;
        final int pos;
        final ColumnType type;
        private final double scale;

        Field(String file, Schema.Field field) {
            this.file = file;
            this.name = field.name();
            this.pos = field.pos();
            ParquetColumn column = ParquetColumn.of(file, field);
            this.type = column.type();
            this.scale = column.toMillis();
        }

        /** String, Double, Boolean or Instant; null when missing. */
        Object value(GenericRecord r) {
            Object v = r.get(pos);
            if (v == null) {
                return null;
            }
            return switch (type) {
                case CATEGORICAL -> v.toString();
                case BOOLEAN -> v;
                case NUMERIC -> {
                    double d = ((Number) v).doubleValue();
                    yield Double.isNaN(d) ? null : d;
                }
                case TIMESTAMP -> Instant.ofEpochMilli((long) (((Number) v).doubleValue() * scale));
            };
        }

        String string(GenericRecord r) {
            Object v = r.get(pos);
            return v == null ? null : v.toString();
        }

        /** A timestamp in epoch milliseconds, or null when missing. */
        Long millis(GenericRecord r) {
            Object v = r.get(pos);
            return v == null ? null : (long) (((Number) v).doubleValue() * scale);
        }

        /** A number, {@code NaN} when missing. */
        double number(GenericRecord r) {
            Object v = r.get(pos);
            return v == null ? Double.NaN : ((Number) v).doubleValue();
        }
    }
}
