package io.leadscore.serving.ops;

import io.leadscore.feedback.FeedbackStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's Prometheus metrics (Micrometer): request latency histograms per route, predictions
 * per tier (and the point table's alone during a cold start), the loaded model versions, outcome
 * counts, rejected requests, model swaps and webhooks.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge models;
    /** Meters on the hot path, looked up once per tag combination instead of built per request. */
    private final Map<List<String>, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> predictionCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> rulesOnlyCounters = new ConcurrentHashMap<>();

    public ServerMetrics() {
        this.models = MultiGauge.builder("leadscore_model_loaded")
                .description("The loaded models: 1 per role and version").register(registry);
    }

    /** Records one request's latency; client and server errors also count as rejected. */
    public void request(String route, String method, int status, double millis) {
        requestTimers.computeIfAbsent(List.of(route, method, Integer.toString(status)), k -> Timer.builder("leadscore_http_requests")
                        .description("HTTP request latency by route")
                        .tags("route", k.get(0), "method", k.get(1), "status", k.get(2))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(50_000))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry))
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
        if (status >= 400) {
            Counter.builder("leadscore_rejected_requests").description("Requests answered with 4xx or 5xx")
                    .tags("route", route, "status", Integer.toString(status)).register(registry).increment();
        }
    }

    /** Counts {@code count} predictions of one tier by one model version. */
    public void predictions(String tier, String modelVersion, int count) {
        predictionCounters.computeIfAbsent(List.of(tier, modelVersion), k -> Counter.builder("leadscore_predictions")
                .description("Predictions by tier").tags("tier", k.get(0), "model_version", k.get(1)).register(registry)).increment(count);
    }

    /** Counts {@code count} cold-start predictions (the point table alone, no model loaded) of one rule tier. */
    public void rulesOnlyPredictions(String ruleTier, int count) {
        rulesOnlyCounters.computeIfAbsent(ruleTier, t -> Counter.builder("leadscore_rules_only_predictions")
                .description("Predictions answered by the point table alone, before a model is loaded, by rule tier")
                .tags("rule_tier", t).register(registry)).increment(count);
    }

    public void outcome(boolean converted, String result) {
        Counter.builder("leadscore_outcomes").description("Outcomes reported by the CRM")
                .tags("outcome", converted ? "converted" : "lost", "result", result).register(registry).increment();
    }

    public void swap(String result) {
        Counter.builder("leadscore_model_swaps").description("Model loads offered: accepted or refused")
                .tags("result", result).register(registry).increment();
    }

    /** Sets the loaded models: role (champion, challenger) → version. */
    public void models(Map<String, String> versionsByRole) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        versionsByRole.forEach((role, version) -> rows.add(MultiGauge.Row.of(Tags.of("role", role, "model_version", version), 1)));
        models.register(rows, true);
    }

    /** Publishes the feedback store's state: up or not, predictions waiting to be logged, predictions dropped. */
    public void watch(FeedbackStore store) {
        Gauge.builder("leadscore_feedback_store_up", store, s -> s.health().ok() ? 1 : 0)
                .description("1 while the feedback store's database answers, else 0").register(registry);
        Gauge.builder("leadscore_prediction_log_buffered", store, FeedbackStore::bufferedPredictions)
                .description("Predictions answered and waiting to be written to the prediction log").register(registry);
        FunctionCounter.builder("leadscore_prediction_log_dropped", store, FeedbackStore::droppedPredictions)
                .description("Predictions answered but not logged: the buffer was full while the database was away").register(registry);
    }

    /** Counts one webhook attempt's result: {@code delivered}, {@code retried} or {@code failed} (retries over). */
    public void webhook(String result) {
        Counter.builder("leadscore_webhook_deliveries").description("Webhook attempts by this server: delivered, retried (to be tried again) "
                + "or failed (retry time over)").tags("result", result).register(registry).increment();
    }

    /** Publishes the webhook outbox's rows by status (counted by the store, refreshed by the dispatcher). */
    public void watchWebhooks(java.util.function.Supplier<Map<String, Long>> counts) {
        Gauge.builder("leadscore_webhook_outbox_pending", counts, c -> c.get().getOrDefault("pending", 0L)).strongReference(true)
                .description("Webhook deliveries waiting in the outbox (all replicas)").register(registry);
        Gauge.builder("leadscore_webhook_outbox_failed", counts, c -> c.get().getOrDefault("failed", 0L)).strongReference(true)
                .description("Webhook deliveries that failed for good and await a redelivery (all replicas)").register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
