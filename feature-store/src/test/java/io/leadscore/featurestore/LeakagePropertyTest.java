package io.leadscore.featurestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.leadscore.events.Event;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Leakage guard, as a seeded property over random leads and events with the shipped definitions:
 * an event moved to 1 ms after the scoring instant is invisible. For an event that was already at
 * or after scoring, moving it changes nothing; for one that was before, the features become exactly
 * those of the lead without that event. Adding any number of later events changes nothing.
 */
class LeakagePropertyTest {
    private static final long DAY = 86_400_000L;
    private static final String[] TYPES = {"visit", "page_view", "email_open", "email_click", "form_submit", "content_download",
        "webinar_attended", "demo_request", "chat_message", "booking_abandoned"};
    private static final String[] PAGES = {"home", "pricing", "docs", "integrations", "careers", "blog", null};
    private static final String[] CHANNELS = {"organic", "paid", "email", null};
    private static final String[] CAMPAIGNS = {"offer", "newsletter", null};

    static Event randomEvent(SplittableRandom rnd, long scoredAt) {
        long ts = scoredAt + (long) ((rnd.nextDouble() * 140 - 120) * DAY);
        if (rnd.nextInt(10) == 0) {
            ts = scoredAt + rnd.nextInt(-2, 3); // right at the boundary
        }
        String type = TYPES[rnd.nextInt(TYPES.length)];
        return new Event("L", ts, type, type.equals("page_view") ? PAGES[rnd.nextInt(PAGES.length)] : null,
                CHANNELS[rnd.nextInt(CHANNELS.length)], CAMPAIGNS[rnd.nextInt(CAMPAIGNS.length)],
                rnd.nextInt(4) == 0 ? Double.NaN : rnd.nextInt(600) + rnd.nextDouble());
    }

    @Test
    void anEventMovedToOneMillisecondAfterScoringIsInvisible() {
        PointInTimeFeatures f = new PointInTimeFeatures(FeatureDefinitionsParser.parse(Path.of("..", "features", "features.yaml")));
        SplittableRandom rnd = new SplittableRandom(20250601);
        int changedByRemoval = 0;
        for (int lead = 0; lead < 500; lead++) {
            long scoredAt = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli() + rnd.nextLong(365 * DAY);
            Map<String, Object> attrs = Map.of("job_level", "vp", "source", "referral", "created_at", Instant.ofEpochMilli(scoredAt - 20 * DAY));
            List<Event> events = new ArrayList<>();
            int n = rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                events.add(randomEvent(rnd, scoredAt));
            }
            FeatureValues base = f.compute(attrs::get, events, scoredAt);
            for (int k = 0; k < events.size(); k++) {
                Event e = events.get(k);
                List<Event> moved = new ArrayList<>(events);
                moved.set(k, e.at(scoredAt + 1));
                Collections.shuffle(moved, new java.util.Random(rnd.nextLong()));
                FeatureValues after = f.compute(attrs::get, moved, scoredAt);
                if (e.ts() >= scoredAt) {
                    assertEquals(base, after, "lead " + lead + ": moving a future event changed the features");
                } else {
                    List<Event> without = new ArrayList<>(events);
                    without.remove(k);
                    assertEquals(f.compute(attrs::get, without, scoredAt), after, "lead " + lead + ": a moved event was still seen");
                    if (!after.equals(base)) {
                        changedByRemoval++;
                    }
                }
            }
            List<Event> more = new ArrayList<>(events);
            for (int i = 0; i < 10; i++) {
                more.add(randomEvent(rnd, scoredAt).at(scoredAt + rnd.nextLong(400 * DAY)));
            }
            assertEquals(base, f.compute(attrs::get, more, scoredAt), "lead " + lead + ": later events changed the features");
        }
        assertNotEquals(0, changedByRemoval, "the property would be vacuous if past events never mattered");
    }
}
