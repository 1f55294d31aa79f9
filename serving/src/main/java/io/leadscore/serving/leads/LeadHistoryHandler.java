package io.leadscore.serving.leads;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.PredictionRecord;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.InvalidRequestException;
import io.leadscore.serving.http.QueryParams;
import io.leadscore.serving.security.Access;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/leads/{lead_id}/scores?since=…&limit=…}: the lead's logged predictions, newest
 * first (time, probability, score, tier, model version, segment), read from the prediction log by
 * its lead index; {@code since} an ISO-8601 instant, {@code limit} 1–1000 (default 100). A lead
 * never scored has an empty history.
 */
public final class LeadHistoryHandler {
    /** Most predictions answered. */
    static final int MAX_LIMIT = 1000;

    /** One prediction of the history. */
    public record Scored(String predictedAt, double probability, int score, String tier, String modelVersion, String segment) {
        static Scored of(PredictionRecord p) {
            return new Scored(p.at().toString(), p.probability(), p.score(), p.tier(), p.modelVersion(), p.segment());
        }
    }

    /** The answer: the lead's id and its predictions, newest first. */
    public record History(String leadId, List<Scored> scores) {
    }

    private final FeedbackStore feedback;

    /** @param feedback the store whose prediction log is read, or null (every call a 404) */
    public LeadHistoryHandler(FeedbackStore feedback) {
        this.feedback = feedback;
    }

    /** Adds the history route. */
    public void addRoutes(RoutesConfig routes) {
        routes.get("/v1/leads/{lead_id}/scores", this::history, Access.API);
    }

    private void history(Context ctx) {
        String leadId = ctx.pathParam("lead_id");
        QueryParams q = new QueryParams(ctx);
        Instant since = q.instant("since");
        int limit = q.integer("limit", 100, 1, MAX_LIMIT);
        if (leadId.isBlank() || leadId.length() > 200) {
            throw new InvalidRequestException(List.of(new FieldError("path.lead_id", "expected a lead id of 1 to 200 characters")));
        }
        q.check();
        if (feedback == null) {
            throw new InvalidRequestException(404, "this server keeps no prediction log (serve --feedback FILE)", List.of());
        }
        ctx.json(new History(leadId, feedback.history(leadId, since, limit).stream().map(Scored::of).toList()));
    }
}
