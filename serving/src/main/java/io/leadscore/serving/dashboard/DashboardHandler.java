package io.leadscore.serving.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.leadscore.dashboard.DashboardPage;
import io.leadscore.dashboard.LoginPage;
import io.leadscore.data.DataException;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.http.InvalidRequestException;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.security.Access;
import io.leadscore.serving.security.ApiKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The managers' dashboard: {@code GET /dashboard} (the page, with its live panel when predictions
 * are logged), its login ({@code /dashboard/login} trades an API key for a cookie), and
 * {@code GET /dashboard/api/capacity}, {@code /dashboard/api/lead} and {@code /dashboard/api/live}.
 */
public final class DashboardHandler implements AutoCloseable {
    /** Cookie the dashboard's login sets. */
    public static final String KEY_COOKIE = "leadscore_key";

    private final ApiKeys keys;
    /** The dashboard data, or null without {@code serve --dashboard}. */
    private final JsonNode data;
    /** The dashboard data without the per-lead rows, which the server-mode page never embeds. */
    private final ObjectNode page;
    /** The live figures, or null without a feedback store. */
    private final LivePanel live;

    /**
     * @param file the dashboard data ({@code compare --report} writes it as JSON), or null
     * @param feedback the prediction log, or null
     * @param liveRefresh how often the live figures are recomputed in the background (zero: on every read)
     */
    public DashboardHandler(Path file, ModelHolder models, FeedbackStore feedback, ApiKeys keys, Duration liveRefresh) {
        this.keys = keys;
        this.data = read(file);
        this.page = data == null ? null : ((ObjectNode) data.deepCopy()).without("leads");
        if (page != null) {
            page.put("example_lead_id", data.path("leads").path(0).path("id").asText(""));
        }
        this.live = feedback == null ? null : new LivePanel(feedback, models::champion, liveRefresh);
    }

    /** Adds the dashboard's routes. */
    public void addRoutes(RoutesConfig routes) {
        routes.get("/dashboard", this::page, Access.API);
        routes.get("/dashboard/login", ctx -> ctx.html(LoginPage.html(null)), Access.PUBLIC);
        routes.post("/dashboard/login", this::login, Access.PUBLIC);
        routes.get("/dashboard/api/capacity", this::capacity, Access.API);
        routes.get("/dashboard/api/lead", this::lead, Access.API);
        routes.get("/dashboard/api/live", this::live, Access.API);
    }

    private void login(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new InvalidRequestException(415, "unsupported media type: send the login form as application/x-www-form-urlencoded",
                    List.of(new FieldError("header.Content-Type", "expected application/x-www-form-urlencoded")));
        }
        String key = ctx.formParam("key");
        if (key == null || keys.grant("Bearer " + key) == Access.PUBLIC) {
            ctx.status(401).html(LoginPage.html("That key is not valid."));
            return;
        }
        ctx.res().addHeader("Set-Cookie", KEY_COOKIE + "=" + key.strip() + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.redirect("/dashboard", HttpStatus.SEE_OTHER);
    }

    private JsonNode data() {
        if (data == null) {
            throw new InvalidRequestException(404, "this server has no dashboard data (serve --dashboard FILE.json, written by compare --report)", List.of());
        }
        return data;
    }

    private void page(Context ctx) {
        data();
        ObjectNode shown = page;
        if (live != null) {
            shown = page.deepCopy();
            shown.set("live", HttpJson.JSON.valueToTree(live.figures()));
        }
        ctx.html(DashboardPage.render(shown, DashboardPage.Mode.SERVER));
    }

    private void live(Context ctx) {
        if (live == null) {
            throw new InvalidRequestException(404, "this server logs no predictions (serve --feedback FILE.db)", List.of());
        }
        ctx.json(live.figures());
    }

    private void capacity(Context ctx) {
        String k = ctx.queryParam("k");
        int perWeek;
        try {
            perWeek = Integer.parseInt(k == null ? "" : k.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(List.of(new FieldError("query.k", "expected a whole number of leads per week")));
        }
        if (perWeek < 0) {
            throw new InvalidRequestException(List.of(new FieldError("query.k", "must not be negative")));
        }
        JsonNode data = data();
        String segment = ctx.queryParam("segment");
        if (segment != null && !segment.isEmpty()) {
            data = data.path("segments").get(segment);
            if (data == null) {
                throw new InvalidRequestException(404, "no such segment", List.of(new FieldError("query.segment",
                        "the dashboard's data has no segment '" + segment + "'")));
            }
        }
        ctx.json(DashboardPage.capacity(data, perWeek));
    }

    private void lead(Context ctx) {
        String id = ctx.queryParam("id");
        if (id == null || id.isEmpty()) { // a blank id is no lead's: 404 below
            throw new InvalidRequestException(List.of(new FieldError("query.id", "required: the lead's id")));
        }
        JsonNode lead = DashboardPage.lead(data(), id.strip());
        if (lead == null) {
            throw new InvalidRequestException(404, "no held-out lead with this id", List.of(new FieldError("query.id", "unknown lead")));
        }
        ctx.json(lead);
    }

    private static JsonNode read(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return HttpJson.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new DataException(file.toString(), "unreadable dashboard data: " + e.getMessage());
        }
    }

    /** Stops the live figures' background refresh. */
    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
    }
}
