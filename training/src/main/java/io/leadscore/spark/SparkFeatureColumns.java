package io.leadscore.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.rint;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.leadscore.data.ColumnType;
import io.leadscore.featurestore.FeatureDefinition;
import io.leadscore.featurestore.Window;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;

/** One feature definition as a Spark column: the same rules as {@link io.leadscore.featurestore.PointInTimeFeatures}, for {@link SparkFeatureBuild}. */
final class SparkFeatureColumns {
    private SparkFeatureColumns() {
    }

    /** The aggregation of one event feature over the joined events (null-safe: no event, no match). */
    static Column aggregate(FeatureDefinition d) {
        Column match = col("ts").isNotNull();
        if (d.window().millis() != Window.ALL.millis()) {
            match = match.and(col("t").minus(col("ts")).leq(lit(d.window().millis())));
        }
        if (!d.filter().types().isEmpty()) {
            match = match.and(col("type").isin(d.filter().types().toArray()));
        }
        for (Map.Entry<String, Set<String>> w : d.filter().where().entrySet()) {
            match = match.and(col("p_" + w.getKey()).isin(w.getValue().toArray()));
        }
        return switch (d.kind()) {
            case COUNT -> count(when(match, lit(1))).cast("double");
            case EXISTS -> count(when(match, lit(1))).gt(0);
            case SUM -> coalesce(sum(when(match.and(col("value").isNotNull()), col("value"))), lit(0.0));
            case DISTINCT -> size(collect_set(when(match, col("p_" + d.field())))).cast("double");
            case RECENCY -> {
                Column newest = max(when(match, col("ts")));
                yield withDefault(col("t").minus(newest).divide(lit(SparkFeatureBuild.DAY_MILLIS)), d);
            }
            default -> throw new IllegalArgumentException(d.kind() + " is not an event feature");
        };
    }

    static Column ratio(FeatureDefinition d, Map<String, Column> values) {
        Column num = values.get(d.numerator());
        Column den = values.get(d.denominator());
        return withDefault(when(num.isNotNull().and(den.isNotNull()).and(den.notEqual(lit(0.0))), num.divide(den)), d);
    }

    /** An attribute as {@link io.leadscore.featurestore.PointInTimeFeatures} reads it, from the snapshot. */
    static Column attribute(FeatureDefinition d, SparkTables leads) {
        Column raw = col("attr_" + d.column());
        ColumnType source = leads.typeOf(d.column());
        if (d.levelMap() != null) {
            Column level = level(raw, source);
            Column mapped = lit(null).cast("double");
            for (Map.Entry<String, Double> e : d.levelMap().entrySet()) {
                mapped = when(level.equalTo(lit(e.getKey())), lit(e.getValue())).otherwise(mapped);
            }
            return withDefault(mapped, d);
        }
        Column v = switch (d.type()) {
            case CATEGORICAL -> level(raw, source);
            case NUMERIC -> source == ColumnType.BOOLEAN ? when(raw, lit(1.0)).otherwise(lit(0.0))
                    : when(raw.notEqual(lit(Double.POSITIVE_INFINITY)).and(raw.notEqual(lit(Double.NEGATIVE_INFINITY))), raw);
            case BOOLEAN -> source == ColumnType.BOOLEAN ? raw : raw.notEqual(lit(0.0));
            case TIMESTAMP -> lit(null);
        };
        return withDefault(v, d);
    }

    /** A category level: whole numbers without a fraction ({@code 3}, not {@code 3.0}), else the value as text. */
    static Column level(Column raw, ColumnType source) {
        if (source != ColumnType.NUMERIC) {
            return raw.cast("string");
        }
        Column whole = raw.equalTo(rint(raw)).and(org.apache.spark.sql.functions.abs(raw).lt(lit(1e15)));
        return when(whole, raw.cast("long").cast("string")).otherwise(raw.cast("string"));
    }

    static Column withDefault(Column v, FeatureDefinition d) {
        return d.defaultValue() == null ? v : coalesce(v, lit(d.defaultValue()));
    }

    static String sparkType(ColumnType t) {
        return switch (t) {
            case NUMERIC -> "double";
            case BOOLEAN -> "boolean";
            case CATEGORICAL -> "string";
            case TIMESTAMP -> "timestamp";
        };
    }
}
