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
 * Reads a Parquet file (or a directory of Parquet part files) into a {@link Table}. Column types come from the file's schema: booleans,
 * numbers, strings and enums, and timestamps (timestamp-millis/micros, date logical types).
 */
public final class ParquetTableReader {
    private ParquetTableReader() {
    }

    /**
     * Reads a Parquet file, or a Parquet directory as Spark writes it ({@code part-*.parquet} files
     * with one schema, read in name order; hidden and {@code _}-prefixed files skipped).
     */
    public static Table read(Path path) {
        String file = path.toString();
        List<Path> parts = Files.isDirectory(path) ? parts(path) : List.of(path);
        Accumulator[] acc = null;
        List<String> names = null;
        long row = 0;
        for (Path part : parts) {
            if (sizeOf(part) == 0) {
                throw new DataException(part.toString(), "the file is empty");
            }
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(part))
                    .withDataModel(GenericData.get()).build()) {
                GenericRecord first = reader.read();
                if (first == null) {
                    continue;
                }
                List<Schema.Field> fields = first.getSchema().getFields();
                List<String> partNames = fields.stream().map(Schema.Field::name).toList();
                if (acc == null) {
                    acc = new Accumulator[fields.size()];
                    for (int i = 0; i < acc.length; i++) {
                        acc[i] = new Accumulator(file, fields.get(i));
                    }
                    names = partNames;
                } else if (!partNames.equals(names)) {
                    throw new DataException(part.toString(), "columns " + partNames + " differ from the first part's " + names);
                }
                for (GenericRecord r = first; r != null; r = reader.read()) {
                    row++;
                    for (int i = 0; i < acc.length; i++) {
                        acc[i].add(r.get(i), row);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof DataException de) {
                    throw de;
                }
                throw new DataException(part.toString(), "not a readable Parquet file: " + e.getMessage());
            }
        }
        if (acc == null) {
            throw new DataException(file, "no data rows");
        }
        List<Column> columns = new ArrayList<>(acc.length);
        for (Accumulator a : acc) {
            columns.add(a.toColumn());
        }
        return new Table(file, columns);
    }

    /** The data files of a Parquet directory ({@code .parquet}, not hidden or {@code _}-prefixed), in name order. */
    public static List<Path> parts(Path dir) {
        try (var s = Files.list(dir)) {
            List<Path> parts = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_") && Files.isRegularFile(p);
            }).sorted().toList();
            if (parts.isEmpty()) {
                throw new DataException(dir.toString(), "a directory without .parquet files");
            }
            return parts;
        } catch (IOException e) {
            throw new DataException(dir.toString(), "cannot read: " + e.getMessage());
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
