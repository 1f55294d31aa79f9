package io.leadscore.serving.predict;

import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.http.InvalidRequestException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureDefinitionsParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests carrying a lead's attributes and events: parsed to exactly the offline types, every mistake by JSON path. */
class EventsRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FeatureDefinitions DEFS = FeatureDefinitionsParser.parse("""
            features:
              - { name: level, kind: attribute, column: job_level, description: d, owner: o }
              - { name: size, kind: attribute, column: employees, type: numeric, description: d, owner: o }
              - { name: partner, kind: attribute, column: partner, type: boolean, description: d, owner: o }
              - { name: age, kind: age, column: created_at, description: d, owner: o }
              - { name: views, kind: count, event: page_view, window: 30d, description: d, owner: o }
            """, "t.yaml");

    @Test
    void parsesAttributesEventsAndTheScoringInstant() throws Exception {
        EventsRequest r = EventsRequest.from(JSON.readTree("""
                {"lead_id": 17, "scored_at": "2025-06-01T12:00:00Z",
                 "attributes": {"job_level": "vp", "employees": 120, "partner": true, "created_at": 1700000000000, "ignored": [1]},
                 "events": [{"ts": "2025-05-30T10:00:00Z", "type": "page_view", "page": "pricing", "value": 42},
                            {"ts": 1748772000000, "type": "visit", "channel": "paid"}]}
                """), DEFS, 0);
        assertEquals("17", r.leadId());
        assertEquals(Instant.parse("2025-06-01T12:00:00Z").toEpochMilli(), r.scoredAt());
        assertEquals("vp", r.attributes().get("job_level"));
        assertEquals(120.0, r.attributes().get("employees"));
        assertEquals(true, r.attributes().get("partner"));
        assertEquals(Instant.ofEpochMilli(1700000000000L), r.attributes().get("created_at"));
        assertEquals(2, r.events().size());
        assertEquals(42.0, r.events().get(0).value());
        assertEquals("paid", r.events().get(1).channel());
        assertEquals(5_000L, EventsRequest.from(JSON.readTree("{\"events\": []}"), DEFS, 5_000L).scoredAt(), "scored_at defaults to now");
    }

    @Test
    void everyMistakeIsNamedByItsPath() throws Exception {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> EventsRequest.from(JSON.readTree("""
                {"scored_at": "yesterday", "attributes": {"job_level": ["vp"], "employees": "many", "partner": "yes", "created_at": "soon"},
                 "events": [{"type": "visit"}, 3, {"ts": "2025-05-30T10:00:00Z", "type": 1, "page": 2, "value": "x"}]}
                """), DEFS, 0));
        List<String> paths = e.errors().stream().map(FieldError::path).toList();
        assertEquals(List.of("$.scored_at", "$.attributes.job_level", "$.attributes.employees", "$.attributes.partner", "$.attributes.created_at",
                "$.events[0].ts", "$.events[1]", "$.events[2].type", "$.events[2].page", "$.events[2].value"), paths);
        assertTrue(e.errors().get(5).message().startsWith("required field is missing"));
        assertEquals(400, e.status());
    }
}
