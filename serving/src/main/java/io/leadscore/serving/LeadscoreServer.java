package io.leadscore.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.Reason;
import io.leadscore.model.Score;
import io.leadscore.rules.RuleScore;
import io.leadscore.rules.RuleSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction server the CRM calls. Routes:
 * <ul>
 *   <li>{@code POST /v1/predict}: one lead as JSON (its features, its attributes and events, or only
 *       its id to look its features up in the online store; see {@link FeatureResolver}) →
 *       probability, score (1–99), tier, reasons, the rule score and tier beside them, model
 *       version and warnings;</li>
 *   <li>{@code POST /v1/online-store/reload}: re-reads the embedded online store file;</li>
 *   <li>{@code GET /health}: {@code {"status":"ok"}} with the model version.</li>
 * </ul>
 * Every client mistake is a 4xx with a JSON body naming each field path; unknown fields are
 * ignored; an unseen category is scored as "unknown" with a warning.
 *
 * <pre>{@code
 * try (var server = LeadscoreServer.start(model, rules, "127.0.0.1", 0)) {
 *     int port = server.port();
 * }
 * }</pre>
 */
public final class LeadscoreServer implements AutoCloseable {
    /** Largest accepted request body. */
    public static final long MAX_BODY_BYTES = 1 << 20;
    /** Reasons returned per prediction. */
    public static final int TOP_REASONS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(LeadscoreServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERROR_SENT = "leadscore.error-sent";

    private final Javalin app;
    private final ConversionModel model;
    private final RuleSet rules;
    private final Set<String> ruleFields;
    private final FeatureResolver features;

    private LeadscoreServer(ConversionModel model, RuleSet rules, FeatureResolver features) {
        this.model = model;
        this.rules = rules;
        this.features = features;
        this.ruleFields = new LinkedHashSet<>();
        if (rules != null) {
            rules.criteria().forEach(c -> ruleFields.add(c.column()));
        }
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.routes.get("/health", this::health);
            config.routes.post("/v1/predict", this::predict);
            config.routes.post("/v1/online-store/reload", this::reloadOnlineStore);
            config.routes.exception(InvalidRequestException.class, (e, ctx) -> {
                ctx.attribute(ERROR_SENT, Boolean.TRUE);
                sendError(ctx, e.status(), e.getMessage(), e.errors());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    sendError(ctx, e.getStatus(), e.getMessage() == null ? "request refused" : e.getMessage(), List.of()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
                sendError(ctx, 500, "internal error", List.of());
            });
            config.routes.error(404, ctx -> {
                if (ctx.attribute(ERROR_SENT) == null) { // a 404 answered by a route (no stored features) keeps its body
                    sendError(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path(), List.of());
                }
            });
            config.routes.error(405, ctx -> sendError(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path(), List.of()));
        });
    }

    /**
     * Starts a server.
     *
     * @param model the model to serve
     * @param rules the incumbent point table scored beside the model, or null for none
     * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port the port, 0 for any free port
     */
    public static LeadscoreServer start(ConversionModel model, RuleSet rules, String host, int port) {
        return start(model, rules, FeatureResolver.none(), host, port);
    }

    /**
     * Starts a server that also computes features from a lead's events and looks them up by lead
     * id (see {@link FeatureResolver}).
     */
    public static LeadscoreServer start(ConversionModel model, RuleSet rules, FeatureResolver features, String host, int port) {
        LeadscoreServer s = new LeadscoreServer(model, rules, features);
        s.app.start(host, port);
        LOG.info("serving model {} on {}:{}", model.card().modelVersion(), host, s.port());
        return s;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("model_version", model.card().modelVersion());
        send(ctx, 200, body);
    }

    private void predict(Context ctx) {
        JsonNode body = parse(ctx);
        FeatureResolver.Resolved resolved = features.resolve(body, model.encoding().inputs(), ruleFields);
        LeadRequest lead = resolved.lead();
        Map<String, Object> out = prediction(lead);
        if (resolved.source() != null) {
            out.put("features_from", resolved.source());
            out.put("features_as_of", resolved.asOf());
            if (!resolved.warnings().isEmpty()) {
                List<String> w = new ArrayList<>(resolved.warnings());
                @SuppressWarnings("unchecked")
                List<String> fromModel = (List<String>) out.get("warnings");
                w.addAll(fromModel);
                out.put("warnings", w);
            }
        }
        LOG.info("prediction lead_id={} model_version={} score={} tier={}", lead.leadId(), model.card().modelVersion(),
                out.get("score"), out.get("tier"));
        send(ctx, 200, out);
    }

    private void reloadOnlineStore(Context ctx) {
        if (features.store() == null) {
            throw new InvalidRequestException(404, "this server has no online store", List.of());
        }
        long leads = features.store().reload();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", leads < 0 ? "live" : "reloaded");
        body.put("online_store", features.store().describe());
        if (leads >= 0) {
            body.put("leads", leads);
        }
        LOG.info("online store {}: {}", features.store().describe(), leads < 0 ? "live, nothing to reload" : "reloaded, " + leads + " leads");
        send(ctx, 200, body);
    }

    private Map<String, Object> prediction(LeadRequest lead) {
        Score s = model.score(lead, TOP_REASONS);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lead_id", lead.leadId());
        out.put("probability", s.probability());
        out.put("score", s.score());
        out.put("tier", s.tier());
        if (rules != null) {
            RuleScore r = rules.score(lead);
            out.put("rule_score", r.points());
            out.put("rule_tier", r.tier());
        } else {
            out.put("rule_score", null);
            out.put("rule_tier", null);
        }
        List<Map<String, Object>> reasons = new ArrayList<>();
        for (Reason r : s.reasons()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", r.feature());
            m.put("value", r.value());
            m.put("contribution", r.contribution());
            m.put("direction", r.contribution() >= 0 ? "raises" : "lowers");
            m.put("description", r.description());
            reasons.add(m);
        }
        out.put("reasons", reasons);
        out.put("model_name", model.card().modelName());
        out.put("model_version", model.card().modelVersion());
        out.put("warnings", s.warnings());
        return out;
    }

    private static JsonNode parse(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw new InvalidRequestException(List.of(new FieldError("$", "empty body: expected a JSON object")));
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InvalidRequestException(List.of(new FieldError("$", "malformed JSON" + where + ": " + e.getOriginalMessage())));
        } catch (java.io.IOException e) {
            throw new InvalidRequestException(List.of(new FieldError("$", "unreadable body")));
        }
    }

    /** The error body of every 4xx/5xx: {@code {"error": "...", "errors": [{"path", "message"}]}}. */
    private static void sendError(Context ctx, int status, String message, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("errors", errors);
        send(ctx, status, body);
    }

    private static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
