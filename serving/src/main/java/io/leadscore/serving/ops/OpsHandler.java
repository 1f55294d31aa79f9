package io.leadscore.serving.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.predict.Predictor;
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
        routes.get("/health", ctx -> ctx.json(Health.of("ok", models.champion(), List.of())), Access.PUBLIC);
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
            // a cold start (no model yet) documents the point table's fields; segment models add their inputs and the segment column
            OpenApiSpec.Model described = m == null ? new OpenApiSpec.Model(null, List.of(), ruleFields, false, false)
                    : new OpenApiSpec.Model(m.model().card(), m.segments().inputs(), Predictor.otherFields(m.segments(), ruleFields),
                    m.features().readsEvents(), m.features().store() != null);
            openApi = doc = new OpenApi(m, OpenApiSpec.bytes(described));
        }
        return doc.json();
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
