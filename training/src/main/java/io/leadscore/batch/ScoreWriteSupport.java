package io.leadscore.batch;

import io.leadscore.model.Reason;
import io.leadscore.predict.Prediction;
import io.leadscore.predict.ReasonJson;
import io.leadscore.rules.Tier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Writes scored leads to Parquet straight from their answers (no intermediate records), in the
 * schema Spark writes for the same rows: {@code reasons} a list of structs in the standard
 * three-level form, {@code scored_at} a UTC timestamp in milliseconds.
 */
final class ScoreWriteSupport extends WriteSupport<ScoreWriteSupport.Row> {
    /** One lead's id and answer. */
    record Row(String id, Prediction p) {
    }

    private final OutputColumns columns;
    private final MessageType schema;
    private final Binary modelName;
    private final Binary modelVersion;
    private final Binary[] tiers = new Binary[Tier.values().length];
    private final Binary raises = Binary.fromString("raises");
    private final Binary lowers = Binary.fromString("lowers");
    /** Feature names and descriptions, encoded once each. */
    private final Map<String, Binary> texts = new HashMap<>();
    /** Reasons' values (mostly a few levels and small counts), encoded once each, up to {@link #MAX_VALUES}. */
    private final Map<Object, Binary> values = new HashMap<>();
    private static final int MAX_VALUES = 1 << 16;
    private RecordConsumer out;
    /** Segment models' names, versions and segment values, encoded once each. */
    private final Map<String, Binary> segmentTexts = new HashMap<>();

    ScoreWriteSupport(OutputColumns columns) {
        this.columns = columns;
        this.schema = schema(columns);
        this.modelName = columns.modelName() == null ? null : Binary.fromString(columns.modelName());
        this.modelVersion = Binary.fromString(columns.modelVersion());
        for (Tier t : Tier.values()) {
            tiers[t.ordinal()] = Binary.fromString(t.label());
        }
    }

    static MessageType schema(OutputColumns c) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.addField(string(c.idColumn()));
        b.required(PrimitiveTypeName.DOUBLE).named(OutputColumns.PROBABILITY);
        b.required(PrimitiveTypeName.INT32).named(OutputColumns.SCORE);
        b.addField(string(OutputColumns.TIER));
        if (c.rules()) {
            b.optional(PrimitiveTypeName.INT32).named(OutputColumns.RULE_SCORE);
            b.addField(string(OutputColumns.RULE_TIER));
        }
        String[] f = OutputColumns.REASON_FIELDS;
        GroupType element = Types.optionalGroup().addField(string(f[0])).addField(string(f[1]))
                .addField(Types.required(PrimitiveTypeName.DOUBLE).named(f[2])).addField(string(f[3])).addField(string(f[4])).named("element");
        b.addField(Types.optionalGroup().as(LogicalTypeAnnotation.listType()).addField(Types.repeatedGroup().addField(element).named("list"))
                .named(OutputColumns.REASONS));
        b.addField(string(OutputColumns.MODEL_NAME));
        b.addField(string(OutputColumns.MODEL_VERSION));
        if (c.segments()) {
            b.addField(string(OutputColumns.SEGMENT));
        }
        b.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                .named(OutputColumns.SCORED_AT);
        return b.named("spark_schema");
    }

    private static Type string(String name) {
        return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Row row) {
        Prediction p = row.p();
        int i = 0;
        out.startMessage();
        binary(row.id() == null ? null : Binary.fromString(row.id()), columns.idColumn(), i++);
        out.startField(OutputColumns.PROBABILITY, i);
        out.addDouble(p.probability());
        out.endField(OutputColumns.PROBABILITY, i++);
        out.startField(OutputColumns.SCORE, i);
        out.addInteger(p.score());
        out.endField(OutputColumns.SCORE, i++);
        binary(tiers[p.tier().ordinal()], OutputColumns.TIER, i++);
        if (columns.rules()) {
            if (p.ruleScore() != null) {
                out.startField(OutputColumns.RULE_SCORE, i);
                out.addInteger(p.ruleScore());
                out.endField(OutputColumns.RULE_SCORE, i);
            }
            i++;
            binary(p.ruleTier() == null ? null : tiers[p.ruleTier().ordinal()], OutputColumns.RULE_TIER, i++);
        }
        reasons(p.reasons(), i++);
        binary(text(p.modelName(), columns.modelName(), modelName), OutputColumns.MODEL_NAME, i++);
        binary(text(p.modelVersion(), columns.modelVersion(), modelVersion), OutputColumns.MODEL_VERSION, i++);
        if (columns.segments()) {
            binary(p.segment() == null ? null : segmentTexts.computeIfAbsent(p.segment(), Binary::fromString), OutputColumns.SEGMENT, i++);
        }
        out.startField(OutputColumns.SCORED_AT, i);
        out.addLong(columns.scoredAt());
        out.endField(OutputColumns.SCORED_AT, i);
        out.endMessage();
    }

    /** The row's model name or version: the pooled model's encoded once, a segment model's encoded once each. */
    private Binary text(String value, String pooled, Binary pooledBinary) {
        if (value == null) {
            return null;
        }
        return value.equals(pooled) ? pooledBinary : segmentTexts.computeIfAbsent(value, Binary::fromString);
    }

    private void reasons(List<Reason> reasons, int index) {
        out.startField(OutputColumns.REASONS, index);
        out.startGroup();
        if (!reasons.isEmpty()) {
            out.startField("list", 0);
            String[] f = OutputColumns.REASON_FIELDS;
            for (Reason r : reasons) {
                out.startGroup();
                out.startField("element", 0);
                out.startGroup();
                binary(text(r.feature()), f[0], 0);
                binary(value(r.value()), f[1], 1);
                out.startField(f[2], 2);
                out.addDouble(ReasonJson.rounded(r.contribution()));
                out.endField(f[2], 2);
                binary(r.contribution() >= 0 ? raises : lowers, f[3], 3);
                binary(r.description() == null ? null : text(r.description()), f[4], 4);
                out.endGroup();
                out.endField("element", 0);
                out.endGroup();
            }
            out.endField("list", 0);
        }
        out.endGroup();
        out.endField(OutputColumns.REASONS, index);
    }

    /** A reason's value as text ({@link ReasonJson#valueText}), encoded. */
    private Binary value(Object v) {
        if (v == null) {
            return null;
        }
        Binary b = values.get(v);
        if (b == null) {
            b = Binary.fromString(ReasonJson.valueText(v));
            if (values.size() < MAX_VALUES) {
                values.put(v, b);
            }
        }
        return b;
    }

    private Binary text(String s) {
        return texts.computeIfAbsent(s, Binary::fromString);
    }

    private void binary(Binary value, String field, int index) {
        if (value != null) {
            out.startField(field, index);
            out.addBinary(value);
            out.endField(field, index);
        }
    }
}
