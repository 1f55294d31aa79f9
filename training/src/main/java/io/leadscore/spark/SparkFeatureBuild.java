package io.leadscore.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.rint;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.when;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.events.Event;
import io.leadscore.featurestore.FeatureDefinition;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureKind;
import io.leadscore.featurestore.Window;
import io.leadscore.offline.LeadSnapshotReader;
import io.leadscore.offline.OfflineFeatureBuild;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code features build --engine spark}: the same {@code features.yaml} and the same point-in-time
 * rule as {@link OfflineFeatureBuild} / {@link io.leadscore.featurestore.PointInTimeFeatures},
 * compiled to Spark aggregations. Scoring instants are each snapshot's {@code scored_at} plus, with
 * {@code snapshotEvery}, more instants until the lead's next snapshot; instants at or after the
 * conversion (and, with {@code asOf}, those whose label window is not over) are not scored. Every
 * event feature aggregates the lead's events strictly before the instant and within its window
 * ({@code t - length <= ts < t}), filtered by type and properties; ratios, attributes, ages and
 * defaults follow. Unlike the streaming Java build, the inputs need not be sorted. The output is a
 * Parquet directory with the Java build's columns and types, sorted by {@code lead_id, scored_at},
 * written to a temporary sibling and moved into place ({@link SparkOutputs}).
 */
public final class SparkFeatureBuild {
    static final double DAY_MILLIS = 86_400_000.0;

    /**
     * What to build: {@link OfflineFeatureBuild.Options} with Hadoop locations (local paths or URIs
     * such as {@code hdfs://} or {@code s3a://}) instead of local files.
     *
     * @param events the event log (Parquet file or directory)
     * @param leads the lead snapshots (Parquet file or directory)
     * @param rule the features, label window and scoring instants (its file fields are unused)
     * @param out the training set to write (a Parquet directory)
     */
    public record Options(String events, String leads, OfflineFeatureBuild.Options rule, String out) {
    }

    private SparkFeatureBuild() {
    }

    /** Builds and writes the training set; the summary counts what {@link OfflineFeatureBuild} counts. */
    public static OfflineFeatureBuild.Summary run(SparkSession spark, Options o) {
        OfflineFeatureBuild.Options rule = o.rule();
        FeatureDefinitions defs = rule.definitions();
        String label = OfflineFeatureBuild.labelColumn(rule.labelWindow());
        SparkTables leads = leadSnapshots(spark, o.leads(), defs);
        SparkTables events = eventLog(spark, o.events());

        Dataset<Row> instants = scoringInstants(leads, defs, rule);
        Column bad = badInstant(rule);
        Dataset<Row> scored = instants.filter(not(bad));
        Dataset<Row> withEvents = eventFeatures(scored, events, defs);
        List<Column> out = new ArrayList<>();
        out.add(col(FeatureDefinitions.ENTITY));
        out.add(timestamp_millis(col("t")).as(FeatureDefinitions.SCORED_AT));
        Map<String, Column> values = new LinkedHashMap<>();
        for (FeatureDefinition d : defs.definitions()) {
            Column v = switch (d.kind()) {
                case COUNT, SUM, DISTINCT, EXISTS, RECENCY -> col("ev_" + d.name());
                case RATIO -> SparkFeatureColumns.ratio(d, values);
                case ATTRIBUTE -> SparkFeatureColumns.attribute(d, leads);
                case AGE -> SparkFeatureColumns.withDefault(col("t").minus(col("attr_" + d.column())).divide(lit(DAY_MILLIS)), d);
            };
            v = v.cast(SparkFeatureColumns.sparkType(d.type()));
            values.put(d.name(), v);
            out.add(v.as(d.name()));
        }
        Column conv = col("conv");
        out.add(conv.isNotNull().and(conv.minus(col("t")).leq(lit(rule.labelWindow().millis()))).as(label));
        Dataset<Row> result = withEvents.select(out.toArray(Column[]::new))
                .orderBy(col(FeatureDefinitions.ENTITY), col(FeatureDefinitions.SCORED_AT));

        Row counts = SparkOutputs.write(spark, result, o.out(), r -> {
            Row c = r.agg(count(lit(1)), countDistinct(col(FeatureDefinitions.ENTITY)), sum(when(col(label), 1).otherwise(0))).first();
            if (c.getLong(0) == 0) {
                throw new DataException(o.leads(), "no lead could be scored (every scoring instant was after the lead converted or has no "
                        + "known outcome yet); nothing written");
            }
            return c;
        });
        Row skipped = skipped(instants, bad, rule);
        long eventsRead = events.data().count();
        Dataset<Row> known = leads.data().select(col(FeatureDefinitions.ENTITY).as("known_lead")).distinct();
        long eventsWithoutLead = events.data().select(col(Event.LEAD_ID))
                .join(known, col(Event.LEAD_ID).equalTo(col("known_lead")), "left_anti").count();
        return new OfflineFeatureBuild.Summary(counts.getLong(0), counts.getLong(1), counts.getLong(2), eventsRead, eventsWithoutLead,
                skipped.isNullAt(0) ? 0 : skipped.getLong(0), skipped.isNullAt(1) ? 0 : skipped.getLong(1), label);
    }

    private static SparkTables leadSnapshots(SparkSession spark, String location, FeatureDefinitions defs) {
        SparkTables t = SparkTables.open(spark, location);
        t.require(FeatureDefinitions.ENTITY, Set.of(ColumnType.CATEGORICAL), "the lead id");
        t.require(FeatureDefinitions.SCORED_AT, Set.of(ColumnType.TIMESTAMP), "the instant each snapshot is scored");
        t.require(LeadSnapshotReader.CONVERTED_AT, Set.of(ColumnType.TIMESTAMP), "the outcome, for the label");
        Map<String, String> readBy = defs.attributeReaders();
        for (Map.Entry<String, ColumnType> a : defs.attributeColumns().entrySet()) {
            t.require(a.getKey(), FeatureDefinitions.acceptedSourceTypes(a.getValue()), "read by " + readBy.get(a.getKey()));
        }
        Map<String, String> required = new LinkedHashMap<>();
        required.put(FeatureDefinitions.ENTITY, "lead id");
        required.put(FeatureDefinitions.SCORED_AT, "scoring time");
        t.requireValues(required);
        return t;
    }

    private static SparkTables eventLog(SparkSession spark, String location) {
        SparkTables t = SparkTables.open(spark, location);
        Set<ColumnType> text = Set.of(ColumnType.CATEGORICAL);
        t.require(Event.LEAD_ID, text, "the lead each event belongs to");
        t.require(Event.TS, Set.of(ColumnType.TIMESTAMP), "when the event happened");
        t.require(Event.TYPE, text, "what happened");
        for (String p : Event.PROPERTIES) {
            if (t.has(p)) {
                t.require(p, text, "optional event property");
            }
        }
        if (t.has(Event.VALUE)) {
            t.require(Event.VALUE, Set.of(ColumnType.NUMERIC), "optional event property");
        }
        Map<String, String> required = new LinkedHashMap<>();
        required.put(Event.LEAD_ID, "lead id");
        required.put(Event.TS, "event time");
        required.put(Event.TYPE, "event type");
        t.requireValues(required);
        return t;
    }

    /**
     * One row per candidate scoring instant {@code t}: the snapshot's attributes ({@code attr_*}),
     * its id {@code sid}, and the lead's conversion time {@code conv} (that of its newest snapshot
     * that has one).
     */
    private static Dataset<Row> scoringInstants(SparkTables leads, FeatureDefinitions defs, OfflineFeatureBuild.Options rule) {
        List<Column> cols = new ArrayList<>();
        cols.add(col(FeatureDefinitions.ENTITY));
        cols.add(leads.millis(FeatureDefinitions.SCORED_AT).as("t0"));
        cols.add(leads.millis(LeadSnapshotReader.CONVERTED_AT).as("conv_at"));
        for (Map.Entry<String, ColumnType> a : defs.attributeColumns().entrySet()) {
            Column v = a.getValue() == ColumnType.TIMESTAMP ? leads.millis(a.getKey()) : leads.value(a.getKey());
            cols.add(v.as("attr_" + a.getKey()));
        }
        WindowSpec lead = org.apache.spark.sql.expressions.Window.partitionBy(FeatureDefinitions.ENTITY);
        WindowSpec inOrder = lead.orderBy(col("t0"));
        Dataset<Row> snaps = leads.data().select(cols.toArray(Column[]::new))
                .withColumn("sid", monotonically_increasing_id())
                .withColumn("until", lead("t0", 1).over(inOrder))
                .withColumn("conv", max_by(col("conv_at"), when(col("conv_at").isNotNull(), col("t0"))).over(lead));
        int n = rule.snapshots();
        long every = rule.snapshotEvery() == null ? 0 : rule.snapshotEvery().millis();
        return snaps.withColumn("n", explode(sequence(lit(0), lit(n - 1))))
                .withColumn("t", col("t0").plus(col("n").multiply(lit(every))))
                .filter(col("n").equalTo(0).or(col("until").isNull()).or(col("t").lt(col("until"))));
    }

    /** An instant that is not scored: the lead had converted by then, or its label is not known by {@code asOf}. */
    private static Column badInstant(OfflineFeatureBuild.Options rule) {
        Column converted = col("conv").isNotNull().and(col("conv").leq(col("t")));
        if (rule.asOf() == null) {
            return coalesce(converted, lit(false));
        }
        return coalesce(converted, lit(false)).or(col("t").plus(lit(rule.labelWindow().millis())).gt(lit(rule.asOf())));
    }

    /**
     * The Java build's counts of skipped instants: per snapshot, its first instant that is not scored,
     * counted as "converted" when the lead had converted by then, else as "unlabelled".
     */
    private static Row skipped(Dataset<Row> instants, Column bad, OfflineFeatureBuild.Options rule) {
        Dataset<Row> first = instants.groupBy(col("sid")).agg(min(when(bad, col("t"))).as("first_bad"), max(col("conv")).as("conv"))
                .filter(col("first_bad").isNotNull());
        Column byConversion = col("conv").isNotNull().and(col("conv").leq(col("first_bad")));
        return first.agg(sum(when(byConversion, 1L).otherwise(0L)), sum(when(byConversion, 0L).otherwise(1L))).first();
    }

    /** Joins each instant with its lead's events before it and aggregates every event feature ({@code ev_*}). */
    private static Dataset<Row> eventFeatures(Dataset<Row> instants, SparkTables events, FeatureDefinitions defs) {
        List<FeatureDefinition> eventDefs = defs.definitions().stream().filter(d -> d.kind().fromEvents()).toList();
        if (eventDefs.isEmpty()) {
            return instants;
        }
        List<Column> ev = new ArrayList<>();
        ev.add(col(Event.LEAD_ID).as("e_lead"));
        ev.add(events.millis(Event.TS).as("ts"));
        ev.add(col(Event.TYPE).as("type"));
        for (String p : Event.PROPERTIES) {
            ev.add((events.has(p) ? col(p) : lit(null).cast("string")).as("p_" + p));
        }
        ev.add((events.has(Event.VALUE) ? events.value(Event.VALUE) : lit(null).cast("double")).as("value"));
        Dataset<Row> e = events.data().select(ev.toArray(Column[]::new));
        Set<String> types = defs.eventTypes();
        if (!types.isEmpty()) {
            e = e.filter(col("type").isin(types.toArray()));
        }
        long longest = eventDefs.stream().mapToLong(d -> d.window().millis()).max().orElseThrow();
        Column on = col("e_lead").equalTo(col(FeatureDefinitions.ENTITY)).and(col("ts").lt(col("t")));
        if (longest != Window.ALL.millis()) {
            on = on.and(col("t").minus(col("ts")).leq(lit(longest)));
        }
        Dataset<Row> keys = instants.select(col("sid"), col("t"), col(FeatureDefinitions.ENTITY));
        List<Column> aggs = new ArrayList<>();
        for (FeatureDefinition d : eventDefs) {
            aggs.add(SparkFeatureColumns.aggregate(d).as("ev_" + d.name()));
        }
        Dataset<Row> agg = keys.join(e, on, "left").groupBy(col("sid"), col("t"))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
        return instants.join(agg, scala.jdk.javaapi.CollectionConverters.asScala(List.of("sid", "t")).toSeq());
    }
}
