package io.leadscore.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.leadscore.dashboard.DashboardPage;
import io.leadscore.data.DataException;
import io.leadscore.rules.RuleSet;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.Outcome;
import io.leadscore.feedback.PredictionRecord;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.lifecycle.ServedModel;
import io.leadscore.serving.ops.ServerMetrics;
import io.leadscore.serving.security.Access;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction server the CRM calls (routes and their JSON in {@code /openapi.json}):
 * <ul>
 *   <li>{@code POST /v1/predict}, {@code POST /v1/predict/batch}: probability, score (1–99), tier,
 *       reasons, the rule score and tier beside them, model name and version, warnings;</li>
 *   <li>{@code POST /v1/outcomes}: what became of a lead, answered only once it is on disk;</li>
 *   <li>{@code GET /v1/models}, {@code POST /v1/admin/reload}: the champion and challenger, loading
 *       a new model with validation and an atomic swap;</li>
 *   <li>{@code GET /health}, {@code /health/live}, {@code /health/ready}, {@code GET /metrics}
 *       (Prometheus), {@code GET /dashboard} for managers (its live panel's figures, with drift per
 *       field, also at {@code GET /dashboard/api/live}).</li>
 * </ul>
 * With API keys configured, every route but health needs {@code Authorization: Bearer <key>}
 * (401 without a valid key, 403 when an API key calls an admin route). Every client mistake is a
 * 4xx with a JSON body naming each field path; unknown fields are ignored; an unseen category is
 * scored as "unknown" with a warning.
 */
public final class LeadscoreServer implements AutoCloseable {
    /** Largest accepted request body (a batch of 10,000 leads fits). */
    public static final long MAX_BODY_BYTES = 32L << 20;
    /** The message of the 413 answered to a larger body. */
    static final String BODY_TOO_LARGE = "request body too large: at most " + MAX_BODY_BYTES + " bytes";
    /** Batches at least this large are scored in parallel. */
    private static final int PARALLEL_BATCH = 64;
    /** Most leads in one batch. */
    public static final int MAX_BATCH = 10_000;
    /** Cookie the dashboard's login sets. */
    static final String KEY_COOKIE = "leadscore_key";

    private static final Logger LOG = LoggerFactory.getLogger(LeadscoreServer.class);
    private static final String ERROR_SENT = "leadscore.error-sent";

    private final Javalin app;
    private final ServerOptions options;
    private final ModelHolder models;
    private final RuleSet rules;
    private final LeadScorer scorer;
    private final ServerMetrics metrics = new ServerMetrics();
    private final List<String> routes = Collections.synchronizedList(new ArrayList<>());
    private final JsonNode dashboard;
    /** The dashboard data without the per-lead rows, which the server-mode page never embeds. */
    private final ObjectNode dashboardPage;
    /** The live figures of the dashboard, or null without a feedback store. */
    private final LivePanel livePanel;

    private LeadscoreServer(ServerOptions options) {
        this.options = options;
        this.models = options.models();
        this.livePanel = options.feedback() == null ? null : new LivePanel(options.feedback(), models::champion, options.liveRefresh());
        this.rules = options.rules();
        this.scorer = new LeadScorer(rules, options.feedback() != null);
        this.dashboard = readDashboard(options);
        this.dashboardPage = dashboard == null ? null : ((ObjectNode) dashboard.deepCopy()).without("leads");
        if (dashboardPage != null) {
            dashboardPage.put("example_lead_id", dashboard.path("leads").path(0).path("id").asText(""));
        }
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jetty.modifyServer(server -> server.setStopTimeout(15_000));
            config.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) {
                    routes.add(h.getHttpMethod().name() + " " + h.getPath());
                }
            });
            config.requestLogger.http((ctx, ms) -> metrics.request(routeOf(ctx), ctx.method().name(), ctx.statusCode(), ms));
            config.routes.beforeMatched(this::authorize);

            config.routes.get("/health", this::health, Access.PUBLIC);
            config.routes.get("/health/live", ctx -> HttpJson.send(ctx, 200, Map.of("status", "live")), Access.PUBLIC);
            config.routes.get("/health/ready", this::ready, Access.PUBLIC);
            config.routes.post("/v1/predict", this::predict, Access.API);
            config.routes.post("/v1/predict/batch", this::predictBatch, Access.API);
            config.routes.post("/v1/outcomes", this::outcome, Access.API);
            config.routes.get("/v1/models", this::describeModels, Access.API);
            config.routes.post("/v1/admin/reload", this::reload, Access.ADMIN);
            config.routes.post("/v1/online-store/reload", this::reloadOnlineStore, Access.ADMIN);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()), Access.API);
            config.routes.get("/openapi.json", this::openApi, Access.API);
            config.routes.get("/dashboard", this::dashboardPage, Access.API);
            config.routes.get("/dashboard/login", ctx -> ctx.html(LoginPage.html(null)), Access.PUBLIC);
            config.routes.post("/dashboard/login", this::login, Access.PUBLIC);
            config.routes.get("/dashboard/api/capacity", this::dashboardCapacity, Access.API);
            config.routes.get("/dashboard/api/lead", this::dashboardLead, Access.API);
            config.routes.get("/dashboard/api/live", this::dashboardLive, Access.API);

            config.routes.exception(InvalidRequestException.class, (e, ctx) -> {
                ctx.attribute(ERROR_SENT, Boolean.TRUE);
                HttpJson.error(ctx, e.status(), e.getMessage(), e.errors());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    HttpJson.error(ctx, e.getStatus(), e.getMessage() == null ? "request refused" : e.getMessage(), List.of()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                // the exception's message and cause may quote what the client sent: only its class and frames are logged
                LOG.atError().addKeyValue("event", "internal_error").addKeyValue("method", ctx.method().name())
                        .addKeyValue("route", routeOf(ctx)).addKeyValue("error", e.getClass().getName())
                        .log("internal error on {} {}: {}", ctx.method(), routeOf(ctx), LogSafe.stackTrace(e));
                HttpJson.error(ctx, 500, "internal error", List.of());
            });
            config.routes.error(404, ctx -> {
                if (ctx.attribute(ERROR_SENT) == null) { // a 404 answered by a route (e.g. no stored features) keeps its body
                    HttpJson.error(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path(), List.of());
                }
            });
            config.routes.error(405, ctx -> HttpJson.error(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path(), List.of()));
            config.routes.error(413, ctx -> {
                if (ctx.attribute(ERROR_SENT) == null) {
                    HttpJson.error(ctx, 413, BODY_TOO_LARGE, List.of());
                }
            });
        });
    }

    /** Starts an open server (no keys, no feedback store) on one fixed model: for embedding and tests. */
    public static LeadscoreServer start(io.leadscore.model.ConversionModel model, RuleSet rules, String host, int port) {
        return start(model, rules, FeatureResolver.none(), host, port);
    }

    /** Starts an open server on one fixed model whose features may come from events or an online store. */
    public static LeadscoreServer start(io.leadscore.model.ConversionModel model, RuleSet rules, FeatureResolver features, String host, int port) {
        ModelHolder holder = ModelHolder.of(new ServedModel(model, features, "embedded", Instant.now()));
        return start(new ServerOptions(holder, rules, io.leadscore.serving.security.ApiKeys.load(Map.of(), null), null, null, null, host, port));
    }

    /** Starts a server. */
    public static LeadscoreServer start(ServerOptions options) {
        LeadscoreServer s = new LeadscoreServer(options);
        s.app.start(options.host(), options.port());
        s.publishModels();
        String version = options.models().champion().version();
        boolean auth = options.keys().configured();
        LOG.atInfo().addKeyValue("event", "started").addKeyValue("model_version", version).addKeyValue("host", options.host())
                .addKeyValue("port", s.port()).addKeyValue("authentication", auth)
                .log("serving model {} on {}:{}{}", version, options.host(), s.port(), auth ? "" : " WITHOUT authentication");
        return s;
    }

    public int port() {
        return app.port();
    }

    /** The registered routes as {@code METHOD /path}, for the OpenAPI check. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    /** Stops accepting requests, lets in-flight ones finish, then flushes the prediction log. */
    @Override
    public void close() {
        app.stop();
        if (livePanel != null) {
            livePanel.close();
        }
        if (options.feedback() != null) {
            options.feedback().flush();
        }
    }

    private void authorize(Context ctx) {
        Set<?> roles = ctx.routeRoles();
        if (roles.contains(Access.PUBLIC) || !options.keys().configured()) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null && ctx.cookie(KEY_COOKIE) != null) {
            header = "Bearer " + ctx.cookie(KEY_COOKIE);
        }
        Access granted = options.keys().grant(header);
        if (granted == Access.PUBLIC) {
            if (ctx.path().equals("/dashboard")) {
                ctx.redirect("/dashboard/login");
                ctx.skipRemainingHandlers();
                return;
            }
            ctx.header("WWW-Authenticate", "Bearer realm=\"leadscore\"");
            throw new InvalidRequestException(401, header == null ? "missing API key: send Authorization: Bearer <key>" : "invalid API key",
                    List.of(new FieldError("header.Authorization", header == null ? "missing" : "not a valid key")));
        }
        if (roles.contains(Access.ADMIN) && granted != Access.ADMIN) {
            throw new InvalidRequestException(403, "this route needs an admin key",
                    List.of(new FieldError("header.Authorization", "an API key may not call admin routes")));
        }
    }

    private static String routeOf(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("model_version", models.champion().version());
        HttpJson.send(ctx, 200, body);
    }

    private void ready(Context ctx) {
        ServedModel m = models.champion();
        HttpJson.send(ctx, m == null ? 503 : 200, m == null ? Map.of("status", "no model loaded") : Map.of("status", "ready", "model_version", m.version()));
    }

    private void predict(Context ctx) {
        ServedModel m = models.champion();
        byte[] body = HttpJson.bodyBytes(ctx);
        LeadScorer.Scored out = scorer.score(m, models.challenger(), body, 0, body.length, () -> HttpJson.parse(body), () -> "$", Instant.now());
        answered(m, List.of(out.logged()));
        HttpJson.send(ctx, 200, out.answer().json());
    }

    private void predictBatch(Context ctx) {
        byte[] body = HttpJson.bodyBytes(ctx);
        ServedModel m = models.champion();
        ServedModel challenger = models.challenger();
        Instant at = Instant.now();
        // Leads are independent: a plain body's are read, scored and written in pieces on all cores
        // (the common pool plus this thread); any other body is split and its leads resolved one by one.
        List<Answered> plain = BatchBody.readPlain(body, scorer.plainReader(m), true, MAX_BATCH,
                lead -> Answered.of(scorer.score(m, challenger, lead, at)));
        Answered[] answers = plain != null ? plain.toArray(Answered[]::new) : predictEach(BatchBody.split(body), m, challenger, at);
        PredictionRecord[] logged = new PredictionRecord[answers.length];
        byte[][] json = new byte[answers.length][];
        for (int i = 0; i < answers.length; i++) {
            logged[i] = answers[i].logged();
            json[i] = answers[i].json();
        }
        answered(m, java.util.Arrays.asList(logged));
        HttpJson.sendArray(ctx, Map.of("model_version", m.version()), "predictions", json);
    }

    /** A lead's answer as JSON, and its prediction to log. */
    private record Answered(byte[] json, PredictionRecord logged) {
        static Answered of(LeadScorer.Scored s) {
            return new Answered(s.answer().json(), s.logged());
        }
    }

    /**
     * The batch's leads one by one, each resolved on its own (events, stored features, mistakes
     * named by their path), in parallel, each answer in its own slot so the order is the request's.
     */
    private Answered[] predictEach(BatchBody leads, ServedModel m, ServedModel challenger, Instant at) {
        if (leads.size() > MAX_BATCH) {
            throw new InvalidRequestException(413, "batch too large: " + leads.size() + " leads, at most " + MAX_BATCH + " per request",
                    List.of(new FieldError("$.leads", "at most " + MAX_BATCH + " leads")));
        }
        int n = leads.size();
        Answered[] answers = new Answered[n];
        InvalidRequestException[] mistakes = new InvalidRequestException[n];
        SharedWork.forEach(n, n >= PARALLEL_BATCH, i -> {
            try {
                answers[i] = Answered.of(scorer.score(m, challenger, leads.bytes(), leads.start(i), leads.length(i), () -> leads.lead(i),
                        () -> "$.leads[" + i + "]", at));
            } catch (InvalidRequestException e) {
                mistakes[i] = e;
            }
        });
        List<FieldError> errors = new ArrayList<>();
        for (InvalidRequestException e : mistakes) {
            if (e != null) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors); // nothing answered: nothing logged
        }
        return answers;
    }

    /** Counts answered predictions of model {@code m} and queues them for the prediction log, in one go. */
    private void answered(ServedModel m, List<PredictionRecord> logged) {
        Map<String, Integer> byTier = new HashMap<>(4);
        for (PredictionRecord p : logged) {
            byTier.merge(p.tier(), 1, Integer::sum);
        }
        byTier.forEach((tier, count) -> metrics.predictions(tier, m.version(), count));
        if (options.feedback() != null) {
            options.feedback().log(logged);
        }
    }

    private void outcome(Context ctx) {
        if (options.feedback() == null) {
            throw new InvalidRequestException(404, "this server keeps no outcomes (serve --feedback FILE)", List.of());
        }
        JsonNode b = HttpJson.body(ctx);
        if (!b.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("$", "expected a JSON object describing one outcome")));
        }
        List<FieldError> errors = new ArrayList<>();
        String outcomeId = text(b, "outcome_id", true, errors);
        String leadId = text(b, "lead_id", true, errors);
        String result = text(b, "outcome", true, errors);
        if (result != null && !result.equals("converted") && !result.equals("lost")) {
            errors.add(new FieldError("$.outcome", "expected \"converted\" or \"lost\""));
        }
        String at = text(b, "at", false, errors);
        if (at != null) {
            try {
                at = Instant.parse(at).toString();
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("$.at", "expected an ISO-8601 instant such as 2026-03-01T12:00:00Z"));
            }
        }
        Double deal = null;
        JsonNode dv = b.get("deal_value");
        if (dv != null && !dv.isNull()) {
            if (dv.isNumber() && Double.isFinite(dv.asDouble()) && dv.asDouble() >= 0) {
                deal = dv.asDouble();
            } else {
                errors.add(new FieldError("$.deal_value", "expected a non-negative number"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Outcome o = new Outcome(outcomeId, leadId, result.equals("converted"), at == null ? Instant.now().toString() : at, deal);
        FeedbackStore.Recorded r = options.feedback().record(o);
        metrics.outcome(o.converted(), r.name().toLowerCase());
        switch (r) {
            case NEW -> HttpJson.send(ctx, 201, Map.of("status", "recorded", "outcome_id", outcomeId));
            case DUPLICATE -> HttpJson.send(ctx, 200, Map.of("status", "duplicate", "outcome_id", outcomeId));
            case CONFLICT -> throw new InvalidRequestException(409, "outcome_id already used for a different outcome",
                    List.of(new FieldError("$.outcome_id", "already recorded with other values")));
        }
    }

    private static String text(JsonNode b, String field, boolean required, List<FieldError> errors) {
        JsonNode n = b.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                errors.add(new FieldError("$." + field, "required field is missing"));
            }
            return null;
        }
        if (!(n.isTextual() || n.isIntegralNumber()) || n.asText().isBlank() || n.asText().length() > 200) {
            errors.add(new FieldError("$." + field, "expected a non-empty string"));
            return null;
        }
        return n.asText();
    }

    private void describeModels(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("champion", summary(models.champion()));
        out.put("challenger", summary(models.challenger()));
        ModelHolder.Refusal r = models.lastRefusal();
        if (r != null) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("role", r.role().label());
            rm.put("source", r.source());
            rm.put("reason", r.reason());
            rm.put("at", r.at().toString());
            out.put("last_refusal", rm);
        } else {
            out.put("last_refusal", null);
        }
        HttpJson.send(ctx, 200, out);
    }

    private static Map<String, Object> summary(ServedModel m) {
        if (m == null) {
            return null;
        }
        var card = m.model().card();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", card.modelName());
        s.put("version", card.modelVersion());
        s.put("algorithm", card.algorithm());
        s.put("loaded_at", m.loadedAt().toString());
        s.put("source", m.source());
        s.put("trained_at", card.createdAt());
        s.put("label", card.label());
        s.put("inputs", card.features().inputs().size());
        Map<String, Object> metrics = card.holdoutMetrics() == null ? Map.of() : card.holdoutMetrics();
        s.put("holdout_auc", metrics.get("auc"));
        s.put("holdout_ece", metrics.get("ece"));
        s.put("calibration", card.calibration() == null ? "none" : card.calibration().method());
        s.put("tiers", card.tiers().method());
        return s;
    }

    private void reload(Context ctx) {
        if (options.reload() == null) {
            throw new InvalidRequestException(404, "this server has no model source to reload", List.of());
        }
        String before = models.champion().version();
        ModelHolder.Refusal last = models.lastRefusal();
        options.reload().run();
        ModelHolder.Refusal now = models.lastRefusal();
        publishModels();
        Map<String, Object> out = new LinkedHashMap<>();
        boolean refused = now != null && now != last;
        out.put("status", refused ? "refused" : models.champion().version().equals(before) ? "unchanged" : "swapped");
        out.put("champion", models.champion().version());
        if (refused) {
            out.put("reason", now.reason());
        }
        HttpJson.send(ctx, refused ? 422 : 200, out);
    }

    /** Updates the model gauges (after a start or a swap). */
    void publishModels() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("champion", models.champion().version());
        if (models.challenger() != null) {
            v.put("challenger", models.challenger().version());
        }
        metrics.models(v);
    }

    /** For the watchers: records the outcome of an offer in the metrics. */
    public void recordSwap(ModelHolder.Refusal refusal) {
        metrics.swap(refusal == null ? "accepted" : "refused");
        publishModels();
    }

    private void reloadOnlineStore(Context ctx) {
        var store = models.champion().features().store();
        if (store == null) {
            throw new InvalidRequestException(404, "this server has no online store", List.of());
        }
        long leads = store.reload();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", leads < 0 ? "live" : "reloaded");
        body.put("online_store", store.describe());
        if (leads >= 0) {
            body.put("leads", leads);
        }
        LOG.info("online store {}: {}", store.describe(), leads < 0 ? "live, nothing to reload" : "reloaded, " + leads + " leads");
        HttpJson.send(ctx, 200, body);
    }

    private void openApi(Context ctx) {
        try (InputStream in = LeadscoreServer.class.getResourceAsStream("/openapi.json")) {
            ctx.contentType("application/json").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("openapi.json is missing from the jar", e);
        }
    }

    private void login(Context ctx) {
        String key = ctx.formParam("key");
        if (key == null || options.keys().grant("Bearer " + key) == Access.PUBLIC) {
            ctx.status(401).html(LoginPage.html("That key is not valid."));
            return;
        }
        ctx.res().addHeader("Set-Cookie", KEY_COOKIE + "=" + key.strip() + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.redirect("/dashboard", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private JsonNode dashboardData() {
        if (dashboard == null) {
            throw new InvalidRequestException(404, "this server has no dashboard data (serve --dashboard FILE.json, written by compare --report)", List.of());
        }
        return dashboard;
    }

    private void dashboardPage(Context ctx) {
        dashboardData();
        ObjectNode data = dashboardPage;
        if (options.feedback() != null) {
            data = dashboardPage.deepCopy();
            data.set("live", HttpJson.JSON.valueToTree(live()));
        }
        ctx.html(DashboardPage.render(data, DashboardPage.Mode.SERVER));
    }

    private Map<String, Object> live() {
        return livePanel.figures();
    }

    private void dashboardLive(Context ctx) {
        if (options.feedback() == null) {
            throw new InvalidRequestException(404, "this server logs no predictions (serve --feedback FILE.db)", List.of());
        }
        HttpJson.send(ctx, 200, live());
    }

    private void dashboardCapacity(Context ctx) {
        String k = ctx.queryParam("k");
        int kk;
        try {
            kk = Integer.parseInt(k == null ? "" : k.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(List.of(new FieldError("query.k", "expected a whole number of leads per week")));
        }
        if (kk < 0) {
            throw new InvalidRequestException(List.of(new FieldError("query.k", "must not be negative")));
        }
        HttpJson.send(ctx, 200, DashboardPage.capacity(dashboardData(), kk));
    }

    private void dashboardLead(Context ctx) {
        String id = ctx.queryParam("id");
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException(List.of(new FieldError("query.id", "required: the lead's id")));
        }
        JsonNode lead = DashboardPage.lead(dashboardData(), id.strip());
        if (lead == null) {
            throw new InvalidRequestException(404, "no held-out lead with this id", List.of(new FieldError("query.id", "unknown lead")));
        }
        HttpJson.send(ctx, 200, lead);
    }

    private static JsonNode readDashboard(ServerOptions o) {
        if (o.dashboard() == null) {
            return null;
        }
        try {
            return HttpJson.JSON.readTree(o.dashboard().toFile());
        } catch (IOException e) {
            throw new DataException(o.dashboard().toString(), "unreadable dashboard data: " + e.getMessage());
        }
    }
}
