package io.leadscore.serving.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.rules.RuleSet;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.lifecycle.ServedModel;
import io.leadscore.serving.security.Access;
import java.util.List;
import java.util.Set;

/**
 * Operations: {@code GET /health}, {@code /health/live}, {@code /health/ready} (open to all),
 * {@code GET /metrics} (Prometheus text) and {@code GET /openapi.json} (the API's description,
 * written for the served model by {@link OpenApiSpec}).
 */
public final class OpsHandler {
    /**
     * A health answer: the status, the champion's version when there is one, and what is degraded
     * (the feedback store away: predictions still answered, outcomes refused with 503), when anything is.
     */
    public record Health(String status, @JsonInclude(JsonInclude.Include.NON_NULL) String modelVersion,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> degraded) {
        Health(String status, String modelVersion) {
            this(status, modelVersion, List.of());
        }
    }

    private final ModelHolder models;
    private final FeedbackStore feedback;
    private final ServerMetrics metrics;
    private final Set<String> ruleFields;
    /** The OpenAPI document of the champion it was written for: written again when the champion changes. */
    private volatile OpenApi openApi;

    private record OpenApi(ServedModel model, byte[] json) {
    }

    /**
     * @param feedback the feedback store whose health {@code /health/ready} reports, or null
     * @param rules the rules scored beside the model (their fields are in the OpenAPI document), or null
     */
    public OpsHandler(ModelHolder models, FeedbackStore feedback, ServerMetrics metrics, RuleSet rules) {
        this.models = models;
        this.feedback = feedback;
        if (feedback != null) {
            metrics.watch(feedback);
        }
        this.metrics = metrics;
        this.ruleFields = rules == null ? Set.of() : rules.columns();
        OpenApiSpec.base(); // a base that does not parse fails the start, not the first call
    }

    /** Adds the operations routes. */
    public void addRoutes(RoutesConfig routes) {
        routes.get("/health", ctx -> ctx.json(new Health("ok", models.champion().version())), Access.PUBLIC);
        routes.get("/health/live", ctx -> ctx.json(new Health("live", null)), Access.PUBLIC);
        routes.get("/health/ready", this::ready, Access.PUBLIC);
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()), Access.API);
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()), Access.API);
    }

    /** The OpenAPI document of the champion ({@link OpenApiSpec}), written once per champion. */
    public byte[] openApi() {
        ServedModel m = models.champion();
        OpenApi doc = openApi;
        if (doc == null || doc.model() != m) {
            openApi = doc = new OpenApi(m, OpenApiSpec.bytes(new OpenApiSpec.Model(m.model().card(), m.model().encoding().inputs(),
                    ruleFields, m.features().readsEvents(), m.features().store() != null)));
        }
        return doc.json();
    }

    private void ready(Context ctx) {
        ServedModel m = models.champion();
        if (m == null) {
            ctx.status(503).json(new Health("no model loaded", null));
            return;
        }
        // predictions are answered while the store is away (their log lines buffered), so still ready
        ctx.json(new Health("ready", m.version(), feedback == null ? List.of() : feedback.health().degraded()));
    }
}
