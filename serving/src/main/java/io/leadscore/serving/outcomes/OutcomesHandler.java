package io.leadscore.serving.outcomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.Outcome;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.http.InvalidRequestException;
import io.leadscore.serving.ops.ServerMetrics;
import io.leadscore.serving.security.Access;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/outcomes}: what became of a lead ({@code converted} or {@code lost}), answered
 * only once it is on disk: 201 when new, 200 for the same outcome again, 409 for another outcome
 * under a used {@code outcome_id}. Every bad field is named by its path.
 */
public final class OutcomesHandler {
    /** An outcome as the CRM reports it, checked. */
    record OutcomeRequest(String outcomeId, String leadId, boolean converted, String at, Double dealValue) {
    }

    /** The answer: {@code recorded} or {@code duplicate}, and the outcome's id. */
    public record Recorded(String status, String outcomeId) {
    }

    private final FeedbackStore feedback;
    private final ServerMetrics metrics;

    /** @param feedback the outcome store, or null for a server that keeps none (every call a 404) */
    public OutcomesHandler(FeedbackStore feedback, ServerMetrics metrics) {
        this.feedback = feedback;
        this.metrics = metrics;
    }

    /** Adds the outcomes route. */
    public void addRoutes(RoutesConfig routes) {
        routes.post("/v1/outcomes", this::outcome, Access.API);
    }

    private void outcome(Context ctx) {
        if (feedback == null) {
            throw new InvalidRequestException(404, "this server keeps no outcomes (serve --feedback FILE)", List.of());
        }
        OutcomeRequest r = read(HttpJson.body(ctx));
        Outcome o = new Outcome(r.outcomeId(), r.leadId(), r.converted(), r.at(), r.dealValue());
        FeedbackStore.Recorded recorded = feedback.record(o);
        metrics.outcome(o.converted(), recorded.name().toLowerCase());
        switch (recorded) {
            case NEW -> ctx.status(201).json(new Recorded("recorded", r.outcomeId()));
            case DUPLICATE -> ctx.status(200).json(new Recorded("duplicate", r.outcomeId()));
            case CONFLICT -> throw new InvalidRequestException(409, "outcome_id already used for a different outcome",
                    List.of(new FieldError("$.outcome_id", "already recorded with other values")));
        }
    }

    /** The outcome of a request body; every mistake named by its path. */
    static OutcomeRequest read(JsonNode b) {
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
        return new OutcomeRequest(outcomeId, leadId, result.equals("converted"), at == null ? Instant.now().toString() : at, deal);
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
}
