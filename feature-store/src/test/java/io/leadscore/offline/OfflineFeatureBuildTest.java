package io.leadscore.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.data.ParquetTableWriter;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.events.Event;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureDefinitionsParser;
import io.leadscore.featurestore.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineFeatureBuildTest {
    static final long DAY = 86_400_000L;
    static final long T0 = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
    static final FeatureDefinitions DEFS = FeatureDefinitionsParser.parse("""
            features:
              - { name: level, kind: attribute, column: job_level, description: d, owner: o }
              - { name: visits_7d, kind: count, event: visit, window: 7d, description: d, owner: o }
              - { name: visits_all, kind: count, event: visit, window: all, description: d, owner: o }
              - { name: since_visit, kind: recency, event: visit, window: all, description: d, owner: o }
            """, "defs.yaml");

    @TempDir
    Path dir;

    static final List<ParquetTableWriter.Field> LEAD_FIELDS = List.of(
            new ParquetTableWriter.Field("lead_id", ColumnType.CATEGORICAL, false),
            new ParquetTableWriter.Field("scored_at", ColumnType.TIMESTAMP, false),
            new ParquetTableWriter.Field("job_level", ColumnType.CATEGORICAL, true),
            new ParquetTableWriter.Field("converted_at", ColumnType.TIMESTAMP, true));

    private Path leads(Object[]... rows) {
        Path p = dir.resolve("leads.parquet");
        try (var w = ParquetTableWriter.create(p, LEAD_FIELDS)) {
            for (Object[] r : rows) {
                w.write(r);
            }
            w.commit();
        }
        return p;
    }

    private Path events(Event... events) {
        Path p = dir.resolve("events.parquet");
        try (var w = ParquetTableWriter.create(p, Event.parquetFields())) {
            for (Event e : events) {
                w.write(e.toRow());
            }
            w.commit();
        }
        return p;
    }

    private static Event visit(String lead, long ts) {
        return new Event(lead, ts, "visit", null, "organic", null, Double.NaN);
    }

    private OfflineFeatureBuild.Summary build(Path events, Path leads, Window every, int snapshots, Long asOf) {
        return OfflineFeatureBuild.run(new OfflineFeatureBuild.Options(events, leads, DEFS, Window.parse("30d"), every, snapshots, asOf,
                dir.resolve("out.parquet")));
    }

    @Test
    void snapshotsSeeOnlyTheirPastAndTheAttributesValidThen() {
        Path leads = leads(
                new Object[] {"A", T0, "manager", T0 + 20 * DAY},
                new Object[] {"A", T0 + 10 * DAY, "director", T0 + 20 * DAY},   // promoted: a second snapshot
                new Object[] {"B", T0, "vp", null});
        Path events = events(visit("A", T0 - DAY), visit("A", T0 + DAY), visit("A", T0 + 9 * DAY), visit("A", T0 + 30 * DAY),
                visit("B", T0 - 8 * DAY), visit("B", T0 + 2 * DAY), visit("C", T0));
        OfflineFeatureBuild.Summary s = build(events, leads, Window.parse("7d"), 3, null);
        Table t = TableReader.read(dir.resolve("out.parquet"));
        assertEquals(List.of("lead_id", "scored_at", "level", "visits_7d", "visits_all", "since_visit", "converted_within_30d"), t.columnNames());
        // A: T0, T0+7d (next snapshot at T0+10d stops the series), T0+10d, T0+17d; T0+24d is after its conversion.
        // B: T0, T0+7d, T0+14d.
        assertEquals(7, s.rows());
        assertEquals(2, s.leads());
        assertEquals(1, s.eventsWithoutLead(), "C's event");
        assertEquals(1, s.skippedConverted());
        long[] at = {T0, T0 + 7 * DAY, T0 + 10 * DAY, T0 + 17 * DAY, T0, T0 + 7 * DAY, T0 + 14 * DAY};
        String[] level = {"manager", "manager", "director", "director", "vp", "vp", "vp"};
        double[] visits7 = {1, 1, 1, 0, 0, 1, 0};
        double[] visitsAll = {1, 2, 3, 3, 1, 2, 2};
        boolean[] label = {true, true, true, true, false, false, false};
        for (int r = 0; r < 7; r++) {
            assertEquals(at[r], (long) t.require("scored_at", "x").number(r), "row " + r);
            assertEquals(level[r], t.require("level", "x").string(r), "row " + r);
            assertEquals(visits7[r], t.require("visits_7d", "x").number(r), "row " + r);
            assertEquals(visitsAll[r], t.require("visits_all", "x").number(r), "row " + r);
            assertEquals(label[r], t.require("converted_within_30d", "x").number(r) == 1.0, "row " + r);
        }
        assertEquals(1.0, t.require("since_visit", "x").number(0));
    }

    @Test
    void theLabelWindowAndAsOfDecideTheLabel() {
        Path leads = leads(new Object[] {"A", T0, "vp", T0 + 40 * DAY}, new Object[] {"B", T0 + 50 * DAY, "vp", null});
        Path events = events(visit("A", T0 - DAY));
        build(events, leads, null, 1, null);
        Table t = TableReader.read(dir.resolve("out.parquet"));
        assertEquals(0.0, t.require("converted_within_30d", "x").number(0), "converted after 40 days: not within 30");
        OfflineFeatureBuild.Summary s = build(events, leads, null, 1, T0 + 60 * DAY);
        assertEquals(1, s.rows(), "B's label window is not over by --as-of");
        assertEquals(1, s.skippedUnlabelled());
    }

    @Test
    void unsortedEventsNameTheRowAndColumn() {
        Path leads = leads(new Object[] {"A", T0, "vp", null}, new Object[] {"B", T0, "vp", null});
        Path events = events(visit("B", T0 - DAY), visit("A", T0 - DAY));
        DataException e = assertThrows(DataException.class, () -> build(events, leads, null, 1, null));
        assertTrue(e.getMessage().startsWith(events + ", row 2, column 'lead_id': events are not grouped"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.parquet")), "nothing half-written");
    }

    @Test
    void aMissingAttributeColumnNamesTheDefinitionThatReadsIt() {
        Path leads = dir.resolve("l.parquet");
        try (var w = ParquetTableWriter.create(leads, List.of(LEAD_FIELDS.get(0), LEAD_FIELDS.get(1), LEAD_FIELDS.get(3)))) {
            w.write("A", T0, null);
            w.commit();
        }
        Path events = events(visit("A", T0 - DAY));
        DataException e = assertThrows(DataException.class, () -> build(events, leads, null, 1, null));
        assertTrue(e.getMessage().startsWith(leads + ", column 'job_level': no such column (read by defs.yaml line 2, feature 'level')"), e.getMessage());
    }
}
