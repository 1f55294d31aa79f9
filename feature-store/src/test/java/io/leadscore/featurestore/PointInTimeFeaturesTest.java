package io.leadscore.featurestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leadscore.events.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PointInTimeFeaturesTest {
    static final long DAY = 86_400_000L;
    static final long T = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();

    static final String YAML = """
            features:
              - { name: level, kind: attribute, column: job_level, description: d, owner: o }
              - { name: rank, kind: attribute, column: job_level, map: { vp: 4, manager: 2 }, default: 1, description: d, owner: o }
              - { name: size, kind: attribute, column: employees, type: numeric, default: -1, description: d, owner: o }
              - { name: partner, kind: attribute, column: partner, type: boolean, description: d, owner: o }
              - { name: age, kind: age, column: created_at, description: d, owner: o }
              - { name: pricing_7d, kind: count, event: page_view, where: { page: pricing }, window: 7d, description: d, owner: o }
              - { name: views_30d, kind: count, event: page_view, window: 30d, description: d, owner: o }
              - { name: seconds_30d, kind: sum, event: page_view, field: value, window: 30d, description: d, owner: o }
              - { name: pages_30d, kind: distinct, event: page_view, field: page, window: 30d, description: d, owner: o }
              - { name: since_pricing, kind: recency, event: page_view, where: { page: pricing }, window: 90d, default: 90, description: d, owner: o }
              - { name: since_any, kind: recency, window: all, description: d, owner: o }
              - { name: demo, kind: exists, event: demo_request, window: 90d, description: d, owner: o }
              - { name: secs_per_view, kind: ratio, numerator: seconds_30d, denominator: views_30d, default: 0, description: d, owner: o }
            """;

    static Event ev(long ts, String type, String page, double value) {
        return new Event("L1", ts, type, page, null, null, value);
    }

    @Test
    void computesEveryKindFromEventsStrictlyBeforeScoring() {
        PointInTimeFeatures f = new PointInTimeFeatures(FeatureDefinitionsParser.parse(YAML, "t.yaml"));
        List<Event> events = new ArrayList<>(List.of(
                ev(T - 2 * DAY, "page_view", "pricing", 30),
                ev(T - 7 * DAY, "page_view", "pricing", 20),          // exactly 7 days: inside the 7d window
                ev(T - 7 * DAY - 1, "page_view", "pricing", 10),      // 1 ms older: outside it
                ev(T - 40 * DAY, "page_view", "home", 100),           // outside 30d
                ev(T - DAY, "page_view", "blog", Double.NaN),         // no value
                ev(T, "page_view", "pricing", 1000),                  // at scoring: never seen
                ev(T + DAY, "demo_request", null, Double.NaN)));      // after scoring: never seen
        Collections.reverse(events);
        Map<String, Object> attrs = Map.of("job_level", "vp", "employees", 120.0, "partner", true,
                "created_at", Instant.ofEpochMilli(T - 10 * DAY));
        FeatureValues v = f.compute(attrs::get, events, T);
        assertEquals("vp", v.get("level"));
        assertEquals(4.0, v.get("rank"));
        assertEquals(120.0, v.get("size"));
        assertEquals(true, v.get("partner"));
        assertEquals(10.0, v.get("age"));
        assertEquals(2.0, v.get("pricing_7d"));
        assertEquals(4.0, v.get("views_30d"));
        assertEquals(60.0, v.get("seconds_30d"));
        assertEquals(2.0, v.get("pages_30d"));
        assertEquals(2.0, v.get("since_pricing"));
        assertEquals(1.0, v.get("since_any"));
        assertEquals(false, v.get("demo"));
        assertEquals(15.0, v.get("secs_per_view"));
    }

    @Test
    void missingDataGetsTheDeclaredDefaults() {
        PointInTimeFeatures f = new PointInTimeFeatures(FeatureDefinitionsParser.parse(YAML, "t.yaml"));
        FeatureValues v = f.compute(Map.<String, Object>of("job_level", "intern")::get, List.of(), T);
        assertEquals("intern", v.get("level"));
        assertEquals(1.0, v.get("rank"), "an unmapped level gets the default");
        assertEquals(-1.0, v.get("size"));
        assertNull(v.get("partner"), "no default: missing");
        assertNull(v.get("age"));
        assertEquals(0.0, v.get("views_30d"));
        assertEquals(90.0, v.get("since_pricing"));
        assertNull(v.get("since_any"));
        assertEquals(0.0, v.get("secs_per_view"), "denominator 0 gives the default");
    }
}
