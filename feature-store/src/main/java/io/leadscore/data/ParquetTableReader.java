package io.leadscore.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads a Parquet file into a {@link Table}. Column types come from the file's schema: booleans,
 * numbers, strings and enums, and timestamps (timestamp-millis/micros, date logical types).
 */
public final class ParquetTableReader {
    private ParquetTableReader() {
    }

    public static Table read(Path path) {
        String file = path.toString();
        if (sizeOf(path) == 0) {
            throw new DataException(file, "the file is empty");
        }
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(path))
                .withDataModel(GenericData.get()).build()) {
            GenericRecord first = reader.read();
            if (first == null) {
                throw new DataException(file, "no data rows");
            }
            List<Schema.Field> fields = first.getSchema().getFields();
            Accumulator[] acc = new Accumulator[fields.size()];
            for (int i = 0; i < acc.length; i++) {
                acc[i] = new Accumulator(file, fields.get(i));
            }
            long row = 0;
            for (GenericRecord r = first; r != null; r = reader.read()) {
                row++;
                for (int i = 0; i < acc.length; i++) {
                    acc[i].add(r.get(i), row);
                }
            }
            List<Column> columns = new ArrayList<>(acc.length);
            for (Accumulator a : acc) {
                columns.add(a.toColumn());
            }
            return new Table(file, columns);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) {
                throw de;
            }
            throw new DataException(file, "not a readable Parquet file: " + e.getMessage());
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new DataException(path.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** Collects the values of one field. */
    private static final class Accumulator {
        private final String file;
        private final String name;
        private final ColumnType type;
        private final double scale;
        private double[] numbers = new double[1024];
        private String[] strings = new String[1024];
        private int size;

        Accumulator(String file, Schema.Field field) {
            this.file = file;
            this.name = field.name();
            ParquetColumn column = ParquetColumn.of(file, field);
            this.type = column.type();
            this.scale = column.toMillis();
        }

        void add(Object v, long row) {
            if (size == numbers.length && type != ColumnType.CATEGORICAL) {
                numbers = Arrays.copyOf(numbers, size * 2);
            }
            if (size == strings.length && type == ColumnType.CATEGORICAL) {
                strings = Arrays.copyOf(strings, size * 2);
            }
            if (type == ColumnType.CATEGORICAL) {
                strings[size++] = v == null ? null : v.toString();
            } else if (v == null) {
                numbers[size++] = Double.NaN;
            } else if (v instanceof Boolean b) {
                numbers[size++] = b ? 1.0 : 0.0;
            } else if (v instanceof Number n) {
                double d = n.doubleValue() * scale;
                numbers[size++] = d;
            } else {
                throw DataException.atRow(file, row, name, "unexpected value type " + v.getClass().getSimpleName());
            }
        }

        Column toColumn() {
            if (type == ColumnType.CATEGORICAL) {
                return Column.ofStrings(name, Arrays.copyOf(strings, size));
            }
            return Column.ofNumbers(name, type, Arrays.copyOf(numbers, size));
        }
    }
}
