package io.leadscore.serving.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * When a failed delivery is tried again: exponential backoff from {@code first} (1 s, 2 s, 4 s, …,
 * at most an hour between tries), each delay spread by ±25% jitter so that the deliveries held up
 * by one outage do not all return at once; none once the next try would fall after the retry
 * period ({@code retryFor} from the delivery's start).
 */
public final class RetrySchedule {
    private static final Duration LONGEST = Duration.ofHours(1);

    private final Duration first;
    private final Duration retryFor;
    private final Random jitter;

    /** @param jitter the source of the jitter (seed it for a repeatable schedule); used by one thread at a time */
    public RetrySchedule(Duration first, Duration retryFor, Random jitter) {
        if (first.isNegative() || first.isZero() || retryFor.isNegative()) {
            throw new IllegalArgumentException("the first retry must be positive and the retry time not negative");
        }
        this.first = first;
        this.retryFor = retryFor;
        this.jitter = jitter;
    }

    /** The delay before try {@code attempts + 1}, after {@code attempts} failed ones (at least 1), jitter included. */
    Duration delay(int attempts) {
        long base = first.toMillis();
        for (int i = 1; i < attempts && base < LONGEST.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, LONGEST.toMillis());
        double spread;
        synchronized (jitter) {
            spread = 0.75 + 0.5 * jitter.nextDouble();
        }
        return Duration.ofMillis(Math.max(1, Math.round(base * spread)));
    }

    /**
     * When to try again after {@code attempts} failed tries, or null when that would be past the
     * retry period begun at {@code since}: the delivery has then failed.
     */
    public Instant next(int attempts, Instant since, Instant now) {
        Instant at = now.plus(delay(attempts));
        return at.isAfter(since.plus(retryFor)) ? null : at;
    }
}
