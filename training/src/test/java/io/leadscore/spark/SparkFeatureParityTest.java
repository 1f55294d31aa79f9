package io.leadscore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.Column;
import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.data.ParquetTableWriter;
import io.leadscore.events.Event;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureDefinitionsParser;
import io.leadscore.featurestore.Window;
import io.leadscore.offline.OfflineFeatureBuild;
import io.leadscore.synthetic.LeadGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code features build --engine spark} equals the Java build row for row: same columns, same
 * types, same values (doubles within 1e-12, relative for large sums), on a generated history, real
 * Parquet files and a real Spark {@code local[2]}, with events exactly on the window edges.
 */
class SparkFeatureParityTest {
    static final Path FEATURES = Path.of("..", "features", "features.yaml");
    /** Kinds and options the default file does not use: window all, lists, where on channel, typed attributes. */
    static final String EXTRA = """
            name: extra
            features:
              - { name: events_ever, kind: count, window: all, description: All events before scoring, owner: t }
              - { name: mail_or_chat_30d, kind: count, event: [email_open, chat_message], window: 30d, description: d, owner: t }
              - { name: organic_visits_90d, kind: count, event: visit, where: { channel: [organic, paid] }, window: 90d, description: d, owner: t }
              - { name: offer_campaigns_all, kind: distinct, event: email_open, field: campaign, window: all, description: d, owner: t }
              - { name: seconds_ever, kind: sum, window: all, description: d, owner: t }
              - { name: last_demo_days, kind: recency, event: demo_request, window: 365d, description: d, owner: t }
              - { name: any_webinar_ever, kind: exists, event: webinar_attended, window: all, description: d, owner: t }
              - { name: seconds_per_event, kind: ratio, numerator: seconds_ever, denominator: events_ever, description: d, owner: t }
              - { name: visits_attr, kind: attribute, column: website_visits, type: numeric, description: d, owner: t }
              - { name: demo_attr, kind: attribute, column: demo_requested, type: boolean, default: false, description: d, owner: t }
              - { name: visits_level, kind: attribute, column: website_visits, description: d, owner: t }
              - { name: few_visits, kind: attribute, column: website_visits, map: { "0": 0, "1": 1, "2": 2 }, default: 3, description: d, owner: t }
              - { name: size_band, kind: attribute, column: company_size, description: d, owner: t }
            """;

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        new LeadGenerator(11).write(2500, dir.resolve("leads.parquet"), dir.resolve("generated-events.parquet"));
        addBoundaryEvents(dir.resolve("generated-events.parquet"), dir.resolve("leads.parquet"), dir.resolve("events.parquet"));
        spark = SparkSessions.start("local[2]", "leadscore parity test");
    }

    /**
     * The generated log plus, for every fifth lead, events exactly on the edges of the point-in-time
     * rule: at {@code scored_at} (never counted) and exactly 7, 30 and 90 days before it (counted by
     * those windows), so that an off-by-one in either engine shows.
     */
    static void addBoundaryEvents(Path generated, Path leads, Path out) {
        Table ev = TableReader.read(generated);
        Table ld = TableReader.read(leads);
        Map<String, Long> scoredAt = new HashMap<>();
        for (int r = 0; r < ld.rowCount(); r++) {
            scoredAt.put(ld.require("lead_id", "id").string(r), (long) ld.require("scored_at", "t").number(r));
        }
        long day = 86_400_000L;
        try (ParquetTableWriter w = ParquetTableWriter.create(out, Event.parquetFields())) {
            String previous = null;
            int leadsSeen = 0;
            for (int r = 0; r <= ev.rowCount(); r++) {
                String id = r < ev.rowCount() ? ev.require("lead_id", "id").string(r) : null;
                if (previous != null && !previous.equals(id) && leadsSeen++ % 5 == 0) {
                    long t = scoredAt.get(previous);
                    w.write(new Event(previous, t, "page_view", "pricing", null, null, 30.0).toRow());
                    w.write(new Event(previous, t - 7 * day, "visit", null, "organic", null, Double.NaN).toRow());
                    w.write(new Event(previous, t - 30 * day, "page_view", "pricing", null, null, 12.5).toRow());
                    w.write(new Event(previous, t - 90 * day, "email_open", null, "email", "offer", Double.NaN).toRow());
                }
                if (id == null) {
                    break;
                }
                Object[] row = new Object[Event.parquetFields().size()];
                int i = 0;
                for (ParquetTableWriter.Field f : Event.parquetFields()) {
                    Column c = ev.require(f.name(), "event");
                    row[i++] = c.isMissing(r) ? null : switch (f.type()) {
                        case TIMESTAMP -> (long) c.number(r);
                        case NUMERIC -> c.number(r);
                        default -> c.string(r);
                    };
                }
                w.write(row);
                previous = id;
            }
            w.commit();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.close();
        }
    }

    @Test
    void defaultFeaturesWithSnapshotsEqualTheJavaBuild() {
        FeatureDefinitions defs = FeatureDefinitionsParser.parse(FEATURES);
        assertSameBuild(defs, Window.parse("30d"), Window.parse("7d"), 4, null, "default");
    }

    @Test
    void everyKindWithAsOfEqualsTheJavaBuild() throws Exception {
        Path f = dir.resolve("extra.yaml");
        Files.writeString(f, EXTRA);
        FeatureDefinitions defs = FeatureDefinitionsParser.parse(f);
        long asOf = Instant.parse("2025-10-01T00:00:00Z").toEpochMilli();
        OfflineFeatureBuild.Summary s = assertSameBuild(defs, Window.parse("14d"), Window.parse("10d"), 3, asOf, "extra");
        assertTrue(s.skippedUnlabelled() > 0, "as-of drops instants: " + s);
    }

    @Test
    void aMissingColumnIsNamedBeforeSparkRuns() {
        FeatureDefinitions defs = FeatureDefinitionsParser.parse("""
                features:
                  - { name: budget, kind: attribute, column: no_such_column, description: d, owner: t }
                """, "bad.yaml");
        OfflineFeatureBuild.Options rule = new OfflineFeatureBuild.Options(null, null, defs, Window.parse("30d"), null, 1, null, null);
        DataException e = assertThrows(DataException.class, () -> SparkFeatureBuild.run(spark, new SparkFeatureBuild.Options(
                dir.resolve("events.parquet").toString(), dir.resolve("leads.parquet").toString(), rule, dir.resolve("x.parquet").toString())));
        assertTrue(e.getMessage().contains("no_such_column") && e.getMessage().contains("bad.yaml"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.parquet")), "nothing written");
    }

    private static OfflineFeatureBuild.Summary assertSameBuild(FeatureDefinitions defs, Window label, Window every, int snapshots, Long asOf,
                                                               String name) {
        Path javaOut = dir.resolve(name + "-java.parquet");
        Path sparkOut = dir.resolve(name + "-spark.parquet");
        OfflineFeatureBuild.Options o = new OfflineFeatureBuild.Options(dir.resolve("events.parquet"), dir.resolve("leads.parquet"), defs,
                label, every, snapshots, asOf, javaOut);
        OfflineFeatureBuild.Summary j = OfflineFeatureBuild.run(o);
        OfflineFeatureBuild.Summary s = SparkFeatureBuild.run(spark, new SparkFeatureBuild.Options(o.events().toString(), o.leads().toString(),
                o, sparkOut.toString()));
        assertEquals(j, s, "the summaries");
        Table expected = TableReader.read(javaOut);
        Table actual = TableReader.read(sparkOut);
        assertEquals(expected.columnNames(), actual.columnNames());
        assertEquals(expected.rowCount(), actual.rowCount());
        assertTrue(expected.rowCount() > 2500, "several instants per lead: " + expected.rowCount());
        for (Column e : expected.columns()) {
            Column a = actual.require(e.name(), "compared");
            assertEquals(e.type(), a.type(), e.name());
            for (int r = 0; r < e.size(); r++) {
                String where = e.name() + " at row " + (r + 1) + " (" + expected.require("lead_id", "id").string(r) + ")";
                if (e.type() == io.leadscore.data.ColumnType.CATEGORICAL) {
                    assertEquals(e.string(r), a.string(r), where);
                } else {
                    double x = e.number(r);
                    double y = a.number(r);
                    if (Double.isNaN(x)) {
                        assertTrue(Double.isNaN(y), where + ": expected missing, got " + y);
                    } else {
                        assertEquals(x, y, 1e-12 * Math.max(1, Math.abs(x)), where);
                    }
                }
            }
        }
        return s;
    }
}
