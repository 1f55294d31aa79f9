package io.leadscore.serving.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.PredictionRecord;
import io.leadscore.rules.RuleSet;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.http.InvalidRequestException;
import io.leadscore.serving.lifecycle.ModelHolder;
import io.leadscore.serving.lifecycle.ServedModel;
import io.leadscore.serving.ops.ServerMetrics;
import io.leadscore.serving.security.Access;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * {@code POST /v1/predict} and {@code POST /v1/predict/batch}: each lead read by the champion's
 * {@link LeadReader}, scored by {@link LeadScorer}, answered as {@link PredictionAnswer}s, then
 * counted in the metrics and queued for the prediction log. A batch with any bad lead is answered
 * with all its mistakes and nothing is logged. While no model is loaded (a cold start), the point
 * table answers alone ({@link RulesOnlyScorer}); those answers are counted but not logged, the
 * prediction log being the record of a model's probabilities.
 */
public final class PredictHandler {
    /** Most leads in one batch. */
    public static final int MAX_BATCH = 10_000;

    /** A lead of a batch scored, and its answer written. */
    private record Answered(LeadScorer.Scored scored, byte[] bytes) {
    }

    /** The answer of a batch: the model's version and each lead's answer, in the request's order. */
    public record BatchAnswer(String modelVersion, List<PredictionAnswer> predictions) {
    }

    /**
     * The answers are written to bytes by cached writers: the batch's megabyte through Javalin's
     * {@code ctx.json} (a String, then encoded) costs about a third more.
     */
    private static final ObjectWriter ONE = HttpJson.JSON.writerFor(PredictionAnswer.class);
    private static final ObjectWriter ENVELOPE = HttpJson.JSON.writerFor(BatchAnswer.class);

    private final ModelHolder models;
    private final LeadScorer scorer;
    /** The point table's scorer while no model is loaded, or null without rules. */
    private final RulesOnlyScorer rulesOnly;
    private final FeedbackStore feedback;
    private final ServerMetrics metrics;

    /**
     * @param rules the rule set scored beside the model, or null
     * @param feedback where answered predictions are logged, or null
     */
    public PredictHandler(ModelHolder models, RuleSet rules, FeedbackStore feedback, ServerMetrics metrics) {
        this.models = models;
        this.scorer = new LeadScorer(rules, feedback != null);
        this.rulesOnly = rules == null ? null : new RulesOnlyScorer(rules);
        this.feedback = feedback;
        this.metrics = metrics;
    }

    /** Adds the predict routes. */
    public void addRoutes(RoutesConfig routes) {
        routes.post("/v1/predict", this::predict, Access.API);
        routes.post("/v1/predict/batch", this::predictBatch, Access.API);
    }

    private void predict(Context ctx) {
        byte[] body = HttpJson.bodyBytes(ctx);
        ServedModel m = models.champion();
        if (m == null) {
            PredictionAnswer answer = rulesOnly().score(rulesOnly.reader().readOne(body));
            metrics.rulesOnlyPredictions(answer.ruleTier().label(), 1);
            send(ctx, ONE, answer);
            return;
        }
        LeadScorer.Scored out = scorer.score(m, models.challenger(), scorer.reader(m).readOne(body), Instant.now());
        answered(m, List.of(out.logged()));
        send(ctx, ONE, out.answer());
    }

    private void predictBatch(Context ctx) {
        byte[] body = HttpJson.bodyBytes(ctx);
        ServedModel m = models.champion();
        if (m == null) {
            rulesOnlyBatch(ctx, body);
            return;
        }
        ServedModel challenger = models.challenger();
        Instant at = Instant.now();
        BatchScoring<Answered> scoring = new BatchScoring<>(lead -> {
            LeadScorer.Scored s = scorer.score(m, challenger, lead, at);
            return new Answered(s, bytes(ONE, s.answer())); // written here, in parallel: on the request thread a third of the batch's time
        }, ForkJoinPool.commonPool());
        List<LeadReader.Lead> leads;
        try {
            leads = scorer.reader(m).readBatch(body, MAX_BATCH, BatchScoring.RUN, scoring::read);
        } catch (RuntimeException e) {
            scoring.cancel();
            throw e;
        }
        List<BatchScoring.Result<Answered>> results = scoring.finish(leads);
        int n = results.size();
        List<PredictionRecord> logged = new ArrayList<>(n);
        byte[][] answers = new byte[n][];
        InvalidRequestException[] mistakes = new InvalidRequestException[n];
        for (int i = 0; i < n; i++) {
            BatchScoring.Result<Answered> r = results.get(i);
            mistakes[i] = r.mistake();
            if (r.answer() != null) {
                logged.add(r.answer().scored().logged());
                answers[i] = r.answer().bytes();
            }
        }
        refuseIfAny(mistakes); // nothing answered: nothing logged
        answered(m, logged);
        ctx.contentType(ContentType.APPLICATION_JSON).result(batchAnswer(m.version(), answers));
    }

    /** A batch in a cold start: every lead answered by the point table, {@code "model_version": null}. */
    private void rulesOnlyBatch(Context ctx, byte[] body) {
        RulesOnlyScorer table = rulesOnly();
        List<LeadReader.Lead> leads = table.reader().readBatch(body, MAX_BATCH);
        int n = leads.size();
        byte[][] answers = new byte[n][];
        InvalidRequestException[] mistakes = new InvalidRequestException[n];
        Map<String, Integer> byTier = new HashMap<>(4);
        for (int i = 0; i < n; i++) {
            try {
                PredictionAnswer answer = table.score(leads.get(i));
                byTier.merge(answer.ruleTier().label(), 1, Integer::sum);
                answers[i] = bytes(ONE, answer);
            } catch (InvalidRequestException e) {
                mistakes[i] = e;
            }
        }
        refuseIfAny(mistakes);
        byTier.forEach(metrics::rulesOnlyPredictions);
        ctx.contentType(ContentType.APPLICATION_JSON).result(batchAnswer(null, answers));
    }

    /** The point table's scorer; without rules there is nothing to answer before a model is loaded. */
    private RulesOnlyScorer rulesOnly() {
        if (rulesOnly == null) {
            throw new InvalidRequestException(503, "no model is loaded yet", List.of());
        }
        return rulesOnly;
    }

    /** Refuses a batch whole with every lead's mistakes, if it has any. */
    private static void refuseIfAny(InvalidRequestException[] mistakes) {
        List<FieldError> errors = new ArrayList<>();
        for (InvalidRequestException e : mistakes) {
            if (e != null) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    /**
     * The {@link BatchAnswer} of these answers, each already written by Jackson in the parallel
     * loop (writing them one after the other on the request thread took a third of the batch's time).
     */
    static byte[] batchAnswer(String modelVersion, byte[][] answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(answers.length * 1024 + 64);
        byte[] empty = bytes(ENVELOPE, new BatchAnswer(modelVersion, List.of())); // {"model_version":…,"predictions":[]}
        out.write(empty, 0, empty.length - 2);
        for (int i = 0; i < answers.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(answers[i]);
        }
        out.write(empty, empty.length - 2, 2);
        return out.toByteArray();
    }

    private static void send(Context ctx, ObjectWriter writer, Object answer) {
        ctx.contentType(ContentType.APPLICATION_JSON).result(bytes(writer, answer));
    }

    private static byte[] bytes(ObjectWriter writer, Object answer) {
        try {
            return writer.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer could not be written", e);
        }
    }

    /** Counts answered predictions of model {@code m} and queues them for the prediction log, in one go. */
    private void answered(ServedModel m, List<PredictionRecord> logged) {
        Map<String, Integer> byTier = new HashMap<>(4);
        for (PredictionRecord p : logged) {
            byTier.merge(p.tier(), 1, Integer::sum);
        }
        byTier.forEach((tier, count) -> metrics.predictions(tier, m.version(), count));
        if (feedback != null) {
            feedback.log(logged);
        }
    }
}
