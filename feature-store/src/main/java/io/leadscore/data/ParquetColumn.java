package io.leadscore.data;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * How a Parquet (Avro-schema) field reads as a leadscore column: its {@link ColumnType} and, for
 * timestamps, the factor from the stored unit to epoch milliseconds. The one mapping used by the
 * table reader and the streaming record reader of the offline store.
 *
 * @param type numeric, boolean, categorical or timestamp
 * @param toMillis multiply a stored timestamp by this to get epoch milliseconds (1 for other types)
 */
public record ParquetColumn(ColumnType type, double toMillis) {

    /** The column type of {@code field}; an unsupported or all-null type names the file and column. */
    public static ParquetColumn of(String file, Schema.Field field) {
        String name = field.name();
        Schema s = field.schema();
        if (s.getType() == Schema.Type.UNION) {
            s = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst()
                    .orElseThrow(() -> new DataException(file, null, name, "column holds only nulls"));
        }
        LogicalType logical = s.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return new ParquetColumn(ColumnType.TIMESTAMP, 1.0);
        }
        if (logical instanceof LogicalTypes.TimestampMicros) {
            return new ParquetColumn(ColumnType.TIMESTAMP, 1e-3);
        }
        if (logical instanceof LogicalTypes.Date) {
            return new ParquetColumn(ColumnType.TIMESTAMP, 86_400_000.0);
        }
        ColumnType type = switch (s.getType()) {
            case BOOLEAN -> ColumnType.BOOLEAN;
            case INT, LONG, FLOAT, DOUBLE -> ColumnType.NUMERIC;
            case STRING, ENUM -> ColumnType.CATEGORICAL;
            default -> throw new DataException(file, null, name, "unsupported Parquet type " + field.schema());
        };
        return new ParquetColumn(type, 1.0);
    }
}
