package io.leadscore.serving.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.lifecycle.ServedModel;
import io.leadscore.serving.security.Access;
import java.io.IOException;
import java.io.InputStream;

/**
 * Operations: {@code GET /health}, {@code /health/live}, {@code /health/ready} (open to all),
 * {@code GET /metrics} (Prometheus text) and {@code GET /openapi.json} (the API's description).
 */
public final class OpsHandler {
    /** A health answer: the status, and the champion's version when there is one. */
    public record Health(String status, @JsonInclude(JsonInclude.Include.NON_NULL) String modelVersion) {
    }

    private final ModelHolder models;
    private final ServerMetrics metrics;
    private final byte[] openApi;

    public OpsHandler(ModelHolder models, ServerMetrics metrics) {
        this.models = models;
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
        routes.get("/health", ctx -> ctx.json(new Health("ok", models.champion().version())), Access.PUBLIC);
        routes.get("/health/live", ctx -> ctx.json(new Health("live", null)), Access.PUBLIC);
        routes.get("/health/ready", this::ready, Access.PUBLIC);
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()), Access.API);
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi), Access.API);
    }

    private void ready(Context ctx) {
        ServedModel m = models.champion();
        ctx.status(m == null ? 503 : 200).json(m == null ? new Health("no model loaded", null) : new Health("ready", m.version()));
    }
}
