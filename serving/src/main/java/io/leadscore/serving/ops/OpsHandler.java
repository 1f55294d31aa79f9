package io.leadscore.serving.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.lifecycle.ServedModel;
import io.leadscore.serving.security.Access;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Operations: {@code GET /health}, {@code /health/live}, {@code /health/ready} (open to all),
 * {@code GET /metrics} (Prometheus text) and {@code GET /openapi.json} (the API's description).
 */
public final class OpsHandler {
    /**
     * A health answer: the status, the champion's version when there is one, what is degraded (the
     * feedback store away: predictions still answered, outcomes refused with 503), when anything
     * is, and a note in a cold start ({@link ModelHolder#NO_MODEL_YET}).
     */
    public record Health(String status, @JsonInclude(JsonInclude.Include.NON_NULL) String modelVersion,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> degraded,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
        Health(String status, String modelVersion) {
            this(status, modelVersion, List.of(), null);
        }

        /** The answer with the champion's version, or the cold start's note when there is none. */
        static Health of(String status, ServedModel champion, List<String> degraded) {
            return new Health(status, champion == null ? null : champion.version(), degraded,
                    champion == null ? ModelHolder.NO_MODEL_YET : null);
        }
    }

    private final ModelHolder models;
    private final FeedbackStore feedback;
    private final ServerMetrics metrics;
    private final byte[] openApi;

    /** @param feedback the feedback store whose health {@code /health/ready} reports, or null */
    public OpsHandler(ModelHolder models, FeedbackStore feedback, ServerMetrics metrics) {
        this.models = models;
        this.feedback = feedback;
        if (feedback != null) {
            metrics.watch(feedback);
        }
        this.metrics = metrics;
        try (InputStream in = OpsHandler.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("openapi.json is unreadable", e);
        }
    }

    /** Adds the operations routes. */
    public void addRoutes(RoutesConfig routes) {
        routes.get("/health", ctx -> ctx.json(Health.of("ok", models.champion(), List.of())), Access.PUBLIC);
        routes.get("/health/live", ctx -> ctx.json(new Health("live", null)), Access.PUBLIC);
        routes.get("/health/ready", this::ready, Access.PUBLIC);
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()), Access.API);
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi), Access.API);
    }

    /**
     * Ready with a model, and in a cold start (the server is given rules when it has no model yet:
     * the point table answers); predictions are answered while the store is away (their log lines
     * buffered), so still ready then.
     */
    private void ready(Context ctx) {
        ctx.json(Health.of("ready", models.champion(), feedback == null ? List.of() : feedback.health().degraded()));
    }
}
