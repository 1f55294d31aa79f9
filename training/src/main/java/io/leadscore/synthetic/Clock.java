package io.leadscore.synthetic;

import io.leadscore.events.Event;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times of the events before scoring: each is the lead's idle time plus an exponential gap
 * before scoring (never earlier than the simulation start); afterwards the newest one is moved
 * to exactly the idle time, so that the last activity is {@code idleMillis} before scoring.
 */
final class Clock {
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final SplittableRandom rnd;
    private final long scored;
    private final long idleMillis;
    private final long earliest;

    Clock(SplittableRandom rnd, long scored, long idleMillis, long earliest) {
        this.rnd = rnd;
        this.scored = scored;
        this.idleMillis = idleMillis;
        this.earliest = earliest;
    }

    long before(double meanGapDays) {
        long gap = (long) (-Math.log(1 - rnd.nextDouble()) * meanGapDays * DAY);
        return Math.max(earliest, scored - idleMillis - gap);
    }

    void placeNewest(List<Event> events) {
        int newest = -1;
        for (int k = 0; k < events.size(); k++) {
            if (newest < 0 || events.get(k).ts() > events.get(newest).ts()) {
                newest = k;
            }
        }
        if (newest >= 0 && !events.get(newest).type().equals(LeadGenerator.EMAIL_CLICK)) {
            events.set(newest, events.get(newest).at(scored - idleMillis));
        }
    }
}
