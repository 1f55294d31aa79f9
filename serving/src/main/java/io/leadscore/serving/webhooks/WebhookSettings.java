package io.leadscore.serving.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The webhooks a server sends ({@code serve --webhook-url … --webhook-secret-file …}): the
 * endpoints with their secrets, the tiers whose entry is an event (empty: every tier change), the
 * first retry delay and how long a delivery is retried before it is marked failed.
 *
 * @param endpoints where events go, each with its signing secret
 * @param tiers the tiers whose entry is an event, or empty for every change
 * @param firstRetry the delay before the first retry (later ones double)
 * @param retryFor how long after an event (or its redelivery) it is still retried
 * @param jitter the source of the retry delays' jitter
 */
public record WebhookSettings(List<Endpoint> endpoints, Set<String> tiers, Duration firstRetry, Duration retryFor, Random jitter) {
    /** The default retry period. */
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofHours(24);
    /** The default first retry delay. */
    public static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(1);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Map<String, Long> UNIT_MILLIS = Map.of("ms", 1L, "s", 1_000L, "m", 60_000L, "h", 3_600_000L, "d", 86_400_000L);

    /**
     * An endpoint and its secret.
     *
     * @param url an http or https URL
     * @param secret its signing secret
     */
    public record Endpoint(URI url, WebhookSecret secret) {
    }

    public WebhookSettings {
        endpoints = List.copyOf(endpoints);
        tiers = Set.copyOf(tiers);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("webhooks need at least one endpoint");
        }
    }

    /** Endpoints with the default retry settings (first retry after 1 s, retried for 24 h). */
    public static WebhookSettings of(List<Endpoint> endpoints, Set<String> tiers) {
        return new WebhookSettings(endpoints, tiers, DEFAULT_FIRST_RETRY, DEFAULT_RETRY_FOR, new Random());
    }

    /** The endpoints' URLs, as the outbox stores them. */
    public List<String> urls() {
        return endpoints.stream().map(e -> e.url().toString()).toList();
    }

    /** The retry schedule of these settings. */
    public RetrySchedule schedule() {
        return new RetrySchedule(firstRetry, retryFor, jitter);
    }

    /** A duration written as {@code 500ms}, {@code 30s}, {@code 15m}, {@code 24h} or {@code 7d}; null when it is not one. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        return Duration.ofMillis(Long.parseLong(m.group(1)) * UNIT_MILLIS.get(m.group(2)));
    }
}
