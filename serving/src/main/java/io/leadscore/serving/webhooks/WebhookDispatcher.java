package io.leadscore.serving.webhooks;

import io.leadscore.feedback.StoreUnavailableException;
import io.leadscore.feedback.WebhookOutbox;
import io.leadscore.serving.ops.ServerMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox's webhooks off the request path, on a thread of its own: claims due
 * deliveries to this server's endpoints (leased, so that replicas sharing a store each take
 * different ones), POSTs them at once following the Standard Webhooks specification — headers
 * {@code webhook-id} (the event's id, the same on every retry), {@code webhook-timestamp} (the
 * attempt's, in seconds) and {@code webhook-signature} — and records each result: delivered on a
 * 2xx, else retried by the {@link RetrySchedule} until its retry period is over, then failed. It
 * wakes when the store writes events and otherwise looks for due retries every half second. Logs
 * name the delivery, the event, the lead id and the endpoint's host, never the secret or the body.
 */
public final class WebhookDispatcher implements AutoCloseable {
    /** Most deliveries sent at once. */
    static final int BATCH = 32;
    /** How long an attempt may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long a claimed delivery is kept from other dispatchers: well past {@link #TIMEOUT}. */
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long COUNT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookOutbox outbox;
    private final WebhookSettings settings;
    private final Map<String, WebhookSettings.Endpoint> endpoints = new LinkedHashMap<>();
    private final RetrySchedule schedule;
    private final ServerMetrics metrics;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Map<String, Long> counts = Map.of();
    private long countedAt;

    public WebhookDispatcher(WebhookOutbox outbox, WebhookSettings settings, ServerMetrics metrics) {
        this.outbox = outbox;
        this.settings = settings;
        for (WebhookSettings.Endpoint e : settings.endpoints()) {
            endpoints.put(e.url().toString(), e);
        }
        this.schedule = settings.schedule();
        this.metrics = metrics;
        metrics.watchWebhooks(() -> counts);
        this.thread = new Thread(this::run, "webhook-dispatcher");
        thread.setDaemon(true);
    }

    /** Starts delivering. */
    public void start() {
        thread.start();
    }

    /** Looks for due deliveries now (events were written, or one was redelivered). */
    public void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        long backoff = 0;
        while (!closed) {
            int sent = 0;
            try {
                sent = dispatchDue();
                refreshCounts(sent > 0);
                backoff = 0;
            } catch (StoreUnavailableException e) {
                backoff = Math.min(5_000, Math.max(500, backoff * 2)); // the store logs the outage; retry when it answers
            } catch (RuntimeException e) {
                backoff = 5_000;
                LOG.atError().addKeyValue("event", "webhook_dispatch_failed").addKeyValue("error", e.getClass().getName())
                        .log("webhook dispatch failed: {}", e.getClass().getSimpleName());
            }
            if (closed) {
                break;
            }
            if (backoff > 0) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(backoff));
            } else if (sent < BATCH) {
                LockSupport.parkNanos(this, IDLE_NANOS);
            }
        }
    }

    /** Claims and sends one round of due deliveries; how many were sent. */
    int dispatchDue() {
        List<WebhookOutbox.Delivery> due = outbox.claim(settings.urls(), BATCH, LEASE, Instant.now());
        List<CompletableFuture<String>> results = new ArrayList<>(due.size());
        for (WebhookOutbox.Delivery d : due) {
            results.add(send(d));
        }
        for (int i = 0; i < due.size(); i++) {
            record(due.get(i), results.get(i).join());
        }
        return due.size();
    }

    /** Sends a delivery; completes with null when the endpoint took it, else with why not. */
    private CompletableFuture<String> send(WebhookOutbox.Delivery d) {
        WebhookSettings.Endpoint endpoint = endpoints.get(d.endpoint());
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(d.endpoint())).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "leadscore-webhooks")
                .header("webhook-id", d.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", endpoint.secret().sign(d.eventId(), timestamp, d.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(d.payload())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((r, e) -> e != null ? error(e) : r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode());
    }

    private static String error(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getClass().getSimpleName(); // never the message: it could quote the URL
    }

    private void record(WebhookOutbox.Delivery d, String error) {
        int attempts = d.attempts() + 1;
        Instant now = Instant.now();
        if (error == null) {
            outbox.delivered(d.id(), attempts, now);
            metrics.webhook("delivered");
            LOG.atDebug().addKeyValue("event", "webhook_delivered").addKeyValue("delivery", d.id()).addKeyValue("event_id", d.eventId())
                    .log("webhook {} delivered to {} after {} attempts", d.eventId(), host(d), attempts);
            return;
        }
        Instant retryAt = schedule.next(attempts, d.retryingSince(), now);
        outbox.attemptFailed(d.id(), attempts, error, retryAt);
        metrics.webhook(retryAt == null ? "failed" : "retried");
        if (retryAt == null) {
            LOG.atWarn().addKeyValue("event", "webhook_failed").addKeyValue("delivery", d.id()).addKeyValue("event_id", d.eventId())
                    .addKeyValue("lead_id", d.leadId()).addKeyValue("endpoint", host(d)).addKeyValue("attempts", attempts)
                    .addKeyValue("error", error)
                    .log("webhook {} to {} failed after {} attempts ({}): POST /v1/admin/webhooks/{}/redeliver sends it again",
                            d.eventId(), host(d), attempts, error, d.id());
        } else {
            LOG.atInfo().addKeyValue("event", "webhook_retry").addKeyValue("delivery", d.id()).addKeyValue("event_id", d.eventId())
                    .addKeyValue("endpoint", host(d)).addKeyValue("attempts", attempts).addKeyValue("error", error)
                    .log("webhook {} to {} not taken ({}), retried at {}", d.eventId(), host(d), error, retryAt);
        }
    }

    /** The endpoint's scheme, host and port: its path or query may hold a token. */
    private static String host(WebhookOutbox.Delivery d) {
        URI u = URI.create(d.endpoint());
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    private void refreshCounts(boolean changed) {
        long now = System.nanoTime();
        if (changed || countedAt == 0 || now - countedAt > COUNT_EVERY_NANOS) {
            counts = outbox.counts();
            countedAt = now;
        }
    }

    /** Stops after the round in flight (whose results are recorded); what is left is delivered by the next start. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
