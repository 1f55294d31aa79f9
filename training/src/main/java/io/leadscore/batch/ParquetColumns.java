package io.leadscore.batch;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The columns of a Parquet file that scoring reads, checked against what the model and the API
 * accept, and decoded into the values the API's reader would keep: strings as String, whole numbers
 * as Integer or Long, other numbers as Double, booleans as Boolean.
 */
final class ParquetColumns {
    /** A column's values as read. */
    enum Kind { BOOLEAN, INT, LONG, DOUBLE, STRING }

    private final MessageType projection;
    private final ColumnDescriptor[] descriptors;
    private final Kind[] kinds;

    private ParquetColumns(MessageType projection, ColumnDescriptor[] descriptors, Kind[] kinds) {
        this.projection = projection;
        this.descriptors = descriptors;
        this.kinds = kinds;
    }

    /** The columns of {@code schema} for {@code inputs}, checked. */
    static ParquetColumns of(String file, MessageType schema, ScoreInputs inputs) {
        ColumnDescriptor[] descriptors = new ColumnDescriptor[inputs.width()];
        Kind[] kinds = new Kind[inputs.width()];
        List<Type> fields = new ArrayList<>();
        for (int slot = 0; slot < inputs.width(); slot++) {
            boolean id = slot == inputs.idSlot();
            String name = id ? inputs.idColumn() : inputs.names().get(slot);
            ColumnType type = id ? null : inputs.typeAt(slot);
            if (!schema.containsField(name)) {
                if (id) {
                    throw new DataException(file, null, name, "no such id column (set --id-column); the file has: " + columnNames(schema));
                }
                String why = inputs.whyNeeded(slot);
                if (why != null) {
                    throw new DataException(file, null, name, why);
                }
                continue; // an optional input: imputed, as the API does when a field is absent
            }
            Type field = schema.getType(name);
            Kind kind = field.isPrimitive() && field.getRepetition() != Type.Repetition.REPEATED ? kindOf(field.asPrimitiveType()) : null;
            if (kind == null || !accepts(id, type, kind)) {
                String role = id ? "the lead id, a string or whole number" : type == null ? "a single value for the rules" : what(type);
                throw new DataException(file, null, name, "the file has " + describe(field) + ", the model reads " + role);
            }
            kinds[slot] = kind;
            if (!fields.contains(field)) {
                fields.add(field);
            }
        }
        MessageType projection = new MessageType(schema.getName(), fields);
        for (int slot = 0; slot < inputs.width(); slot++) {
            if (kinds[slot] != null) {
                String name = slot == inputs.idSlot() ? inputs.idColumn() : inputs.names().get(slot);
                descriptors[slot] = projection.getColumnDescription(new String[] {name});
            }
        }
        return new ParquetColumns(projection, descriptors, kinds);
    }

    private static String columnNames(MessageType schema) {
        return String.join(", ", schema.getFields().stream().map(Type::getName).toList());
    }

    private static String what(ColumnType type) {
        return switch (type) {
            case NUMERIC -> "numbers";
            case BOOLEAN -> "true/false values";
            case CATEGORICAL -> "strings (categories)";
            case TIMESTAMP -> "timestamps";
        };
    }

    private static String describe(Type field) {
        if (!field.isPrimitive()) {
            return "a nested column";
        }
        if (field.getRepetition() == Type.Repetition.REPEATED) {
            return "a repeated column";
        }
        LogicalTypeAnnotation a = field.getLogicalTypeAnnotation();
        return field.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(Locale.ROOT) + (a == null ? "" : " (" + a + ")") + " values";
    }

    private static Kind kindOf(PrimitiveType p) {
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        return switch (p.getPrimitiveTypeName()) {
            case BOOLEAN -> Kind.BOOLEAN;
            case INT32 -> a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ? Kind.INT : null;
            case INT64 -> a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation ? Kind.LONG : null;
            case FLOAT, DOUBLE -> Kind.DOUBLE;
            case BINARY -> a == null || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation ? Kind.STRING : null;
            default -> null;
        };
    }

    /**
     * Whether a column's values can be what the API accepts for the field: a column whose every
     * value the API would refuse is a file problem, not a row's.
     */
    private static boolean accepts(boolean id, ColumnType type, Kind kind) {
        if (id) {
            return kind == Kind.STRING || kind == Kind.INT || kind == Kind.LONG;
        }
        if (type == null) {
            return true;
        }
        return switch (type) {
            case NUMERIC -> kind != Kind.BOOLEAN && kind != Kind.STRING;
            case BOOLEAN -> kind != Kind.STRING; // numbers: 0 and 1 are true/false, others rejected per row as the API does
            case CATEGORICAL -> kind == Kind.STRING || kind == Kind.INT || kind == Kind.LONG;
            case TIMESTAMP -> kind == Kind.STRING;
        };
    }

    MessageType projection() {
        return projection;
    }

    /** The column read into a position, or null when the file does not have it. */
    ColumnDescriptor descriptor(int slot) {
        return descriptors[slot];
    }

    /** Reads one column of a row group into position {@code slot} of every row. */
    void decode(int slot, ColumnReader cr, int maxDefinition, Object[][] rows) {
        Kind kind = kinds[slot];
        // a dictionary-encoded page hands back the same Binary for the same value: decode each once
        Map<Binary, String> strings = kind == Kind.STRING ? new IdentityHashMap<>() : null;
        boolean isFloat = descriptors[slot].getPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT;
        for (Object[] row : rows) {
            if (cr.getCurrentDefinitionLevel() == maxDefinition) {
                row[slot] = switch (kind) {
                    case BOOLEAN -> cr.getBoolean();
                    case INT -> cr.getInteger();
                    case LONG -> cr.getLong();
                    case DOUBLE -> number(isFloat ? cr.getFloat() : cr.getDouble());
                    case STRING -> string(cr.getBinary(), strings);
                };
            }
            cr.consume();
        }
    }

    /** Boxed small whole numbers (counts), shared rather than allocated per value. */
    private static final Double[] SMALL = new Double[1024];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = (double) i;
        }
    }

    /** A number, or null for NaN (missing, as in every table leadscore reads). */
    private static Double number(double d) {
        int i = (int) d;
        if (i == d && i >= 0 && i < SMALL.length && Double.doubleToRawLongBits(d) != NEGATIVE_ZERO) {
            return SMALL[i];
        }
        return Double.isNaN(d) ? null : d;
    }

    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    private static String string(Binary b, Map<Binary, String> strings) {
        if (strings.size() > 4096) {
            return b.toStringUsingUTF8();
        }
        return strings.computeIfAbsent(b, Binary::toStringUsingUTF8);
    }
}
