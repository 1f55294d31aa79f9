package io.leadscore.serving.webhooks;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.WebhookOutbox;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.InvalidRequestException;
import io.leadscore.serving.http.QueryParams;
import io.leadscore.serving.security.Access;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/admin/webhooks} (the outbox's deliveries, newest first, by status, with the count
 * of each status) and {@code POST /v1/admin/webhooks/{id}/redeliver} (sends one again, whatever its
 * status, with a new retry period); admin key. The event bodies are not listed.
 */
public final class WebhooksHandler {
    /** Most deliveries listed. */
    static final int MAX_LIST = 1000;

    /** One delivery as listed ({@code next_attempt_at} only while pending; nulls written). */
    public record Listed(long id, String eventId, String endpoint, String leadId, String status, int attempts, String nextAttemptAt,
                         String lastError, String createdAt, String deliveredAt) {
        static Listed of(WebhookOutbox.Delivery d) {
            return new Listed(d.id(), d.eventId(), d.endpoint(), d.leadId(), d.status(), d.attempts(),
                    d.status().equals(WebhookOutbox.PENDING) ? text(d.nextAttemptAt()) : null, d.lastError(), text(d.createdAt()),
                    text(d.deliveredAt()));
        }
    }

    /** The answer of the list: deliveries and the number of each status in the whole outbox. */
    public record Listing(List<Listed> deliveries, Map<String, Long> counts) {
    }

    /** The answer of a redelivery. */
    public record Redelivered(long id, String status) {
    }

    private final FeedbackStore feedback;
    private final Runnable wake;

    /**
     * @param feedback the store whose outbox is listed, or null (every call a 404)
     * @param wake signals this server's dispatcher after a redelivery (null: none)
     */
    public WebhooksHandler(FeedbackStore feedback, Runnable wake) {
        this.feedback = feedback;
        this.wake = wake == null ? () -> { } : wake;
    }

    /** Adds the admin webhook routes. */
    public void addRoutes(RoutesConfig routes) {
        routes.get("/v1/admin/webhooks", this::list, Access.ADMIN);
        routes.post("/v1/admin/webhooks/{id}/redeliver", this::redeliver, Access.ADMIN);
    }

    private WebhookOutbox outbox() {
        if (feedback == null) {
            throw new InvalidRequestException(404, "this server keeps no feedback store, so no webhooks", List.of());
        }
        return feedback.outbox();
    }

    private void list(Context ctx) {
        QueryParams q = new QueryParams(ctx);
        String status = q.oneOf("status", Set.of(WebhookOutbox.PENDING, WebhookOutbox.DELIVERED, WebhookOutbox.FAILED));
        int limit = q.integer("limit", 100, 1, MAX_LIST);
        q.check();
        WebhookOutbox outbox = outbox();
        ctx.json(new Listing(outbox.list(status, limit).stream().map(Listed::of).toList(), outbox.counts()));
    }

    private void redeliver(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(List.of(new FieldError("path.id", "expected a delivery id (an integer)")));
        }
        if (!outbox().redeliver(id, Instant.now())) {
            throw new InvalidRequestException(404, "no webhook delivery " + id, List.of(new FieldError("path.id", "no such delivery")));
        }
        wake.run();
        ctx.status(202).json(new Redelivered(id, WebhookOutbox.PENDING));
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
