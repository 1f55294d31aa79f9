package io.leadscore.serving;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.leadscore.feedback.StoreUnavailableException;
import io.leadscore.feedback.WebhookRouting;
import io.leadscore.model.ConversionModel;
import io.leadscore.rules.RuleSet;
import io.leadscore.serving.dashboard.DashboardHandler;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.http.InvalidRequestException;
import io.leadscore.serving.leads.LeadHistoryHandler;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.lifecycle.ModelsHandler;
import io.leadscore.serving.lifecycle.ServedModel;
import io.leadscore.serving.ops.OpsHandler;
import io.leadscore.serving.ops.ServerMetrics;
import io.leadscore.serving.outcomes.OutcomesHandler;
import io.leadscore.serving.predict.FeatureResolver;
import io.leadscore.serving.predict.PredictHandler;
import io.leadscore.serving.security.Access;
import io.leadscore.serving.webhooks.WebhookDispatcher;
import io.leadscore.serving.webhooks.WebhookSettings;
import io.leadscore.serving.webhooks.WebhooksHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prediction server the CRM calls (routes and their JSON in {@code /openapi.json}). It only
 * assembles: Javalin with the project's JSON mapper, API-key checks, the mapping of errors to the
 * one JSON error shape, and the route groups — {@link PredictHandler} (predict, batch),
 * {@link OutcomesHandler}, {@link LeadHistoryHandler} (a lead's scores), {@link ModelsHandler} (models
 * and admin), {@link WebhooksHandler} (the webhook outbox), {@link DashboardHandler} and
 * {@link OpsHandler} (health, metrics, OpenAPI) — and, with webhooks configured, starts the
 * {@link WebhookDispatcher} that delivers tier changes.
 * <p>
 * With API keys configured, every route but health and the dashboard's login needs
 * {@code Authorization: Bearer <key>} (401 without a valid key, 403 when an API key calls an admin
 * route). Every client mistake is a 4xx with a JSON body naming each field path.
 */
public final class LeadscoreServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeadscoreServer.class);
    /** Set on a request whose error body is already written, so the status handlers keep it. */
    private static final String ERROR_SENT = "leadscore.error-sent";
    /** Seconds a client is asked to wait before retrying while the feedback store is away. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final ServerConfig config;
    private final ServerMetrics metrics = new ServerMetrics();
    private final ModelsHandler modelsHandler;
    private final DashboardHandler dashboard;
    private final WebhookDispatcher webhooks;
    private final List<String> routes = Collections.synchronizedList(new ArrayList<>());
    private final Javalin app;

    private LeadscoreServer(ServerConfig config) {
        this.config = config;
        ModelHolder models = config.models();
        if (models.champion() == null && config.rules() == null) {
            throw new IllegalArgumentException("no model and no rules: a server without a model yet needs the point table to answer with");
        }
        PredictHandler predict = new PredictHandler(models, config.rules(), config.feedback(), metrics);
        OutcomesHandler outcomes = new OutcomesHandler(config.feedback(), metrics);
        this.modelsHandler = new ModelsHandler(models, config.reload(), metrics);
        this.dashboard = new DashboardHandler(config.dashboard(), models, config.feedback(), config.keys(), config.liveRefresh());
        OpsHandler ops = new OpsHandler(models, config.feedback(), metrics, config.rules());
        this.webhooks = config.webhooks() == null ? null : new WebhookDispatcher(config.feedback().outbox(), config.webhooks(), metrics);
        LeadHistoryHandler history = new LeadHistoryHandler(config.feedback());
        WebhooksHandler webhookAdmin = new WebhooksHandler(config.feedback(), webhooks == null ? null : webhooks::wake);
        this.app = Javalin.create(c -> {
            configure(c);
            ops.addRoutes(c.routes);
            predict.addRoutes(c.routes);
            outcomes.addRoutes(c.routes);
            history.addRoutes(c.routes);
            webhookAdmin.addRoutes(c.routes);
            modelsHandler.addRoutes(c.routes);
            dashboard.addRoutes(c.routes);
            mapErrors(c);
        });
    }

    /** Starts an open server (no keys, no feedback store) on one fixed model: for embedding and tests. */
    public static LeadscoreServer start(ConversionModel model, RuleSet rules, String host, int port) {
        return start(model, rules, FeatureResolver.none(), host, port);
    }

    /** Starts an open server on one fixed model whose features may come from events or an online store. */
    public static LeadscoreServer start(ConversionModel model, RuleSet rules, FeatureResolver features, String host, int port) {
        ModelHolder holder = ModelHolder.of(new ServedModel(model, features, "embedded", Instant.now()));
        return start(ServerConfig.builder(holder).rules(rules).host(host).port(port).build());
    }

    /** Starts a server. */
    public static LeadscoreServer start(ServerConfig config) {
        LeadscoreServer s = new LeadscoreServer(config);
        if (s.webhooks != null) { // before the first prediction
            WebhookSettings w = config.webhooks();
            config.feedback().routeTierChanges(new WebhookRouting(w.urls(), w.tiers()), s.webhooks::wake);
            s.webhooks.start();
        }
        s.app.start(config.host(), config.port());
        s.modelsHandler.publishModels();
        ServedModel champion = config.models().champion();
        String version = champion == null ? null : champion.version();
        boolean auth = config.keys().configured();
        LOG.atInfo().addKeyValue("event", "started").addKeyValue("model_version", version).addKeyValue("host", config.host())
                .addKeyValue("port", s.port()).addKeyValue("authentication", auth)
                .log("serving {} on {}:{}{}", version == null ? ModelHolder.NO_MODEL_YET : "model " + version, config.host(), s.port(),
                        auth ? "" : " WITHOUT authentication");
        return s;
    }

    public int port() {
        return app.port();
    }

    /** The registered routes as {@code METHOD /path}, for the OpenAPI check. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    /** For the watchers: records the outcome of an offer in the metrics. */
    public void recordSwap(ModelHolder.Refusal refusal) {
        modelsHandler.recordSwap(refusal);
    }

    /**
     * Stops accepting requests, lets in-flight ones finish, flushes the prediction log (with its
     * webhook events), then stops the webhook dispatcher after the round it is sending.
     */
    @Override
    public void close() {
        app.stop();
        dashboard.close();
        if (config.feedback() != null) {
            config.feedback().flush();
        }
        if (webhooks != null) {
            webhooks.close();
        }
    }

    /** Javalin itself: JSON, body limit, graceful stop, the request log into the metrics, API keys. */
    private void configure(JavalinConfig c) {
        c.startup.showJavalinBanner = false;
        c.jsonMapper(new JavalinJackson(HttpJson.JSON, false));
        c.http.maxRequestSize = HttpJson.MAX_BODY_BYTES;
        c.jetty.modifyServer(server -> server.setStopTimeout(15_000));
        c.events.handlerAdded(h -> {
            if (h.getHttpMethod().isHttpMethod()) {
                routes.add(h.getHttpMethod().name() + " " + h.getPath());
            }
        });
        c.requestLogger.http((ctx, ms) -> metrics.request(routeOf(ctx), ctx.method().name(), ctx.statusCode(), ms));
        c.routes.beforeMatched(this::authorize);
    }

    /** Every error as the one JSON error shape; an unexpected one logged without what the client sent. */
    private void mapErrors(JavalinConfig c) {
        c.routes.exception(InvalidRequestException.class, (e, ctx) -> {
            ctx.attribute(ERROR_SENT, Boolean.TRUE);
            HttpJson.error(ctx, e.status(), e.getMessage(), e.errors());
        });
        c.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            HttpJson.error(ctx, 503, "the feedback store is unavailable; retry later", List.of());
        });
        c.routes.exception(HttpResponseException.class, (e, ctx) ->
                HttpJson.error(ctx, e.getStatus(), e.getMessage() == null ? "request refused" : e.getMessage(), List.of()));
        c.routes.exception(Exception.class, (e, ctx) -> {
            // the exception's message and cause may quote what the client sent: only its class and frames are logged
            LOG.atError().addKeyValue("event", "internal_error").addKeyValue("method", ctx.method().name())
                    .addKeyValue("route", routeOf(ctx)).addKeyValue("error", e.getClass().getName())
                    .log("internal error on {} {}: {}", ctx.method(), routeOf(ctx), LogSafe.stackTrace(e));
            HttpJson.error(ctx, 500, "internal error", List.of());
        });
        c.routes.error(404, ctx -> {
            if (ctx.attribute(ERROR_SENT) == null) { // a 404 answered by a route (e.g. no stored features) keeps its body
                String allowed = allowedMethods(ctx.path());
                if (allowed.isEmpty()) {
                    HttpJson.error(ctx, 404, "no such route: " + ctx.method() + " " + ctx.path(), List.of());
                } else {
                    methodNotAllowed(ctx, allowed);
                }
            }
        });
        c.routes.error(405, ctx -> methodNotAllowed(ctx, allowedMethods(ctx.path())));
        c.routes.error(413, ctx -> {
            if (ctx.attribute(ERROR_SENT) == null) {
                HttpJson.error(ctx, 413, HttpJson.BODY_TOO_LARGE, List.of());
            }
        });
    }

    /** A 405 naming the methods the path supports, in an {@code Allow} header too. */
    private static void methodNotAllowed(Context ctx, String allowed) {
        ctx.header("Allow", allowed);
        HttpJson.error(ctx, 405, "method not allowed: " + ctx.method() + " " + ctx.path() + "; allowed: " + allowed, List.of());
    }

    /** The methods of the routes whose path matches {@code path}, e.g. {@code "GET, HEAD"}; empty for none. */
    private String allowedMethods(String path) {
        Set<String> methods = new java.util.TreeSet<>();
        synchronized (routes) {
            for (String route : routes) {
                int space = route.indexOf(' ');
                String pattern = route.substring(space + 1).replaceAll("\\{[^/}]+}|<[^/>]+>", "\\E[^/]+\\Q");
                if (path.matches("\\Q" + pattern + "\\E")) {
                    methods.add(route.substring(0, space));
                }
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        return String.join(", ", methods);
    }

    private void authorize(Context ctx) {
        Set<?> roles = ctx.routeRoles();
        if (roles.contains(Access.PUBLIC) || !config.keys().configured()) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null && ctx.cookie(DashboardHandler.KEY_COOKIE) != null) {
            header = "Bearer " + ctx.cookie(DashboardHandler.KEY_COOKIE);
        }
        Access granted = config.keys().grant(header);
        if (granted == Access.PUBLIC) {
            String accept = ctx.header("Accept");
            if (ctx.path().equals("/dashboard") && accept != null && accept.contains("text/html")) { // a browser: to the login form
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
}
