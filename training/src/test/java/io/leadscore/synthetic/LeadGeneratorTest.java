package io.leadscore.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.schema.LeadField;
import java.nio.file.Path;
import io.leadscore.events.Event;
import io.leadscore.featurestore.FeatureDefinitionsParser;
import io.leadscore.featurestore.FeatureValues;
import io.leadscore.featurestore.PointInTimeFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeadGeneratorTest {
    @TempDir
    Path dir;

    private Table generate(long seed, String name) {
        Path p = dir.resolve(name);
        new LeadGenerator(seed).write(2000, p);
        return TableReader.read(p);
    }

    @Test
    void writesTheCanonicalSchema() {
        Table t = generate(1, "a.parquet");
        assertEquals(Arrays.stream(LeadField.values()).map(LeadField::column).toList(), t.columnNames());
        for (LeadField f : LeadField.values()) {
            assertEquals(f.type(), t.require(f.column(), "x").type(), f.column());
            Column c = t.require(f.column(), "x");
            if (f.type() == ColumnType.CATEGORICAL && !f.levels().isEmpty()) {
                for (int r = 0; r < t.rowCount(); r++) {
                    assertTrue(f.levels().contains(c.string(r)), f.column() + " = " + c.string(r));
                }
            }
            if (f.type() == ColumnType.NUMERIC) {
                for (int r = 0; r < t.rowCount(); r++) {
                    assertTrue(c.number(r) >= 0, f.column() + " counts are non-negative");
                }
            }
        }
    }

    @Test
    void outcomesComeAfterScoringAndScoringAfterCreation() {
        Table t = generate(2, "b.parquet");
        Column created = t.require("created_at", "x");
        Column scored = t.require("scored_at", "x");
        Column converted = t.require("converted", "x");
        Column at = t.require("converted_at", "x");
        long positives = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            assertTrue(scored.number(r) >= created.number(r));
            if (converted.number(r) == 1.0) {
                positives++;
                assertTrue(at.number(r) >= scored.number(r));
            } else {
                assertNull(at.value(r));
            }
        }
        double rate = (double) positives / t.rowCount();
        assertTrue(rate > 0.05 && rate < 0.3, "a plausible conversion rate: " + rate);
    }

    @Test
    void sameSeedSameLeadsOtherSeedOtherLeads() {
        Table a = generate(5, "a.parquet");
        Table b = generate(5, "b.parquet");
        Table c = generate(6, "c.parquet");
        for (Column col : a.columns()) {
            for (int r = 0; r < a.rowCount(); r++) {
                assertEquals(col.value(r), b.require(col.name(), "x").value(r), col.name() + " row " + r);
            }
        }
        int differing = 0;
        for (int r = 0; r < a.rowCount(); r++) {
            if (a.require("pages_viewed", "x").number(r) != c.require("pages_viewed", "x").number(r)) {
                differing++;
            }
        }
        assertNotEquals(0, differing);
    }

    static final String CANONICAL_COUNTS = """
            features:
              - { name: website_visits, kind: count, event: visit, window: all, description: d, owner: o }
              - { name: pages_viewed, kind: count, event: page_view, window: all, description: d, owner: o }
              - { name: time_on_site_sec, kind: sum, event: page_view, field: value, window: all, description: d, owner: o }
              - { name: pricing_page_views, kind: count, event: page_view, where: { page: pricing }, window: all, description: d, owner: o }
              - { name: emails_opened, kind: count, event: email_open, window: all, description: d, owner: o }
              - { name: email_clicks, kind: count, event: email_click, window: all, description: d, owner: o }
              - { name: forms_submitted, kind: count, event: form_submit, window: all, description: d, owner: o }
              - { name: content_downloads, kind: count, event: content_download, window: all, description: d, owner: o }
              - { name: webinars_attended, kind: count, event: webinar_attended, window: all, description: d, owner: o }
              - { name: demo_requested, kind: exists, event: demo_request, window: all, description: d, owner: o }
              - { name: chat_messages, kind: count, event: chat_message, window: all, description: d, owner: o }
              - { name: bookings_abandoned, kind: count, event: booking_abandoned, window: all, description: d, owner: o }
              - { name: days_since_last_activity, kind: recency, window: all, description: d, owner: o }
            """;

    @Test
    void behaviourColumnsAreTheCountsOfEventsBeforeScoringAndLaterEventsExist() {
        Path leadsFile = dir.resolve("leads.parquet");
        Path eventsFile = dir.resolve("events.parquet");
        new LeadGenerator(8).write(2000, leadsFile, eventsFile);
        Table leads = TableReader.read(leadsFile);
        Table events = TableReader.read(eventsFile);
        assertEquals(List.of("lead_id", "ts", "type", "page", "channel", "campaign", "value"), events.columnNames());
        Map<String, List<Event>> byLead = new HashMap<>();
        String previous = "";
        long previousTs = Long.MIN_VALUE;
        for (int r = 0; r < events.rowCount(); r++) {
            String id = events.require("lead_id", "x").string(r);
            long ts = (long) events.require("ts", "x").number(r);
            assertTrue(id.compareTo(previous) > 0 || (id.equals(previous) && ts >= previousTs), "grouped by lead, in time order: row " + r);
            previous = id;
            previousTs = ts;
            double v = events.require("value", "x").number(r);
            byLead.computeIfAbsent(id, k -> new ArrayList<>()).add(new Event(id, ts, events.require("type", "x").string(r),
                    events.require("page", "x").string(r), events.require("channel", "x").string(r), events.require("campaign", "x").string(r), v));
        }
        PointInTimeFeatures counts = new PointInTimeFeatures(FeatureDefinitionsParser.parse(CANONICAL_COUNTS, "canonical"));
        long leadsWithLaterEvents = 0;
        for (int r = 0; r < leads.rowCount(); r++) {
            String id = leads.require("lead_id", "x").string(r);
            long scored = (long) leads.require("scored_at", "x").number(r);
            List<Event> mine = byLead.getOrDefault(id, List.of());
            FeatureValues v = counts.compute(leads.row(r), mine, scored);
            for (String col : counts.definitions().names()) {
                Object expected = leads.require(col, "x").value(r);
                Object actual = v.get(col);
                if (col.equals("days_since_last_activity")) {
                    double created = leads.require("created_at", "x").number(r);
                    actual = actual == null ? Math.floor((scored - created) / 86_400_000.0) : Math.floor((Double) actual);
                }
                assertEquals(expected, actual, id + " " + col);
            }
            if (mine.stream().anyMatch(e -> e.ts() >= scored)) {
                leadsWithLaterEvents++;
            }
        }
        assertTrue(leadsWithLaterEvents > leads.rowCount() / 2, "events after scored_at exist: " + leadsWithLaterEvents);
        double perLead = (double) events.rowCount() / leads.rowCount();
        assertTrue(perLead > 10 && perLead < 40, "about 20 events per lead: " + perLead);
    }
}
