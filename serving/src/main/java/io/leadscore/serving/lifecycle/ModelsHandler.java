package io.leadscore.serving.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.leadscore.model.ModelCard;
import io.leadscore.model.SegmentedModel;
import io.leadscore.model.SegmentsInfo;
import io.leadscore.serving.http.InvalidRequestException;
import io.leadscore.serving.ops.ServerMetrics;
import io.leadscore.serving.security.Access;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/models} (the champion with its segment models, the challenger, the last refused model),
 * {@code POST /v1/admin/reload} (re-reads the model sources: a new model is validated and swapped
 * in, or refused) and {@code POST /v1/online-store/reload}; keeps the model gauges of the metrics.
 */
public final class ModelsHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ModelsHandler.class);

    /** The answer of {@code GET /v1/models}; in a cold start the champion is null and the note says so. */
    public record Models(Summary champion, Summary challenger, Refused lastRefusal,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
    }

    /**
     * A served model, as {@code GET /v1/models} describes it: the (pooled) model, and for a model
     * trained with {@code --segment-by} its segment column and each segment value of its card
     * ({@code segment_column} null and {@code segments} empty without segments).
     */
    public record Summary(String name, String version, String algorithm, String loadedAt, String source, String trainedAt, String label,
                          int inputs, Object holdoutAuc, Object holdoutEce, String calibration, String tiers, String segmentColumn,
                          List<SegmentSummary> segments) {
        static Summary of(ServedModel m) {
            if (m == null) {
                return null;
            }
            ModelCard card = m.model().card();
            Map<String, Object> metrics = card.holdoutMetrics() == null ? Map.of() : card.holdoutMetrics();
            return new Summary(card.modelName(), card.modelVersion(), card.algorithm(), m.loadedAt().toString(), m.source(),
                    card.createdAt(), card.label(), card.features().inputs().size(), metrics.get("auc"), metrics.get("ece"),
                    card.calibration() == null ? "none" : card.calibration().method(), card.tiers().method(), m.segments().column(),
                    SegmentSummary.of(m.segments(), card.segments()));
        }
    }

    /**
     * One segment value of the served model: who serves it ({@code segment} or {@code pooled}) and
     * why, the model that scores its leads (name, version, algorithm), and on its holdout rows the
     * AUC and log-loss of the model trained on its own rows (also when that model was dropped; null
     * when none was trained) and of the pooled model (null when they cannot be measured).
     */
    public record SegmentSummary(String value, String servedBy, String reason, String name, String version, String algorithm,
                                 Object ownModelHoldoutAuc, Object ownModelHoldoutLogLoss, Object pooledHoldoutAuc,
                                 Object pooledHoldoutLogLoss) {
        static List<SegmentSummary> of(SegmentedModel models, SegmentsInfo info) {
            if (info == null || info.values() == null) {
                return List.of();
            }
            return info.values().stream().map(s -> {
                ModelCard scoring = models.modelFor(models.segments().containsKey(s.value()) ? s.value() : null).card();
                Map<String, Object> own = s.holdoutMetrics() == null ? Map.of() : s.holdoutMetrics();
                Map<String, Object> pooled = s.pooledHoldoutMetrics() == null ? Map.of() : s.pooledHoldoutMetrics();
                return new SegmentSummary(s.value(), s.servedBy(), s.reason(), scoring.modelName(), scoring.modelVersion(), scoring.algorithm(),
                        own.get("auc"), own.get("log_loss"), pooled.get("auc"), pooled.get("log_loss"));
            }).toList();
        }
    }

    /** The last model refused: its role, where it came from, why, and when. */
    public record Refused(String role, String source, String reason, String at) {
    }

    /** The answer of {@code POST /v1/admin/reload}: {@code swapped}, {@code unchanged} or {@code refused} (422, with the reason). */
    public record Reloaded(String status, String champion, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    }

    /** The answer of {@code POST /v1/online-store/reload}: how many leads were read (none for a live store). */
    public record StoreReloaded(String status, String onlineStore, @JsonInclude(JsonInclude.Include.NON_NULL) Long leads) {
    }

    private final ModelHolder models;
    private final Runnable reload;
    private final ServerMetrics metrics;

    /**
     * @param reload what {@code POST /v1/admin/reload} runs (re-reads the model sources), or null
     *     for a server with no model source to reload
     */
    public ModelsHandler(ModelHolder models, Runnable reload, ServerMetrics metrics) {
        this.models = models;
        this.reload = reload;
        this.metrics = metrics;
    }

    /** Adds the model and admin routes. */
    public void addRoutes(RoutesConfig routes) {
        routes.get("/v1/models", this::describe, Access.API);
        routes.post("/v1/admin/reload", this::reload, Access.ADMIN);
        routes.post("/v1/online-store/reload", this::reloadOnlineStore, Access.ADMIN);
    }

    private void describe(Context ctx) {
        ModelHolder.Refusal r = models.lastRefusal();
        ServedModel champion = models.champion();
        ctx.json(new Models(Summary.of(champion), Summary.of(models.challenger()),
                r == null ? null : new Refused(r.role().label(), r.source(), r.reason(), r.at().toString()),
                champion == null ? ModelHolder.NO_MODEL_YET : null));
    }

    private void reload(Context ctx) {
        if (reload == null) {
            throw new InvalidRequestException(404, "this server has no model source to reload", List.of());
        }
        String before = version(models.champion());
        ModelHolder.Refusal last = models.lastRefusal();
        reload.run();
        ModelHolder.Refusal now = models.lastRefusal();
        publishModels();
        boolean refused = now != null && now != last;
        String version = version(models.champion());
        ctx.status(refused ? 422 : 200).json(new Reloaded(refused ? "refused" : Objects.equals(version, before) ? "unchanged" : "swapped", version,
                refused ? now.reason() : null));
    }

    private void reloadOnlineStore(Context ctx) {
        ServedModel champion = models.champion();
        var store = champion == null ? null : champion.features().store();
        if (store == null) {
            throw new InvalidRequestException(404, "this server has no online store", List.of());
        }
        long leads = store.reload();
        LOG.info("online store {}: {}", store.describe(), leads < 0 ? "live, nothing to reload" : "reloaded, " + leads + " leads");
        ctx.json(new StoreReloaded(leads < 0 ? "live" : "reloaded", store.describe(), leads < 0 ? null : leads));
    }

    /** Updates the model gauges (after a start or a swap). */
    public void publishModels() {
        Map<String, String> v = new LinkedHashMap<>();
        if (models.champion() != null) {
            v.put("champion", models.champion().version());
        }
        if (models.challenger() != null) {
            v.put("challenger", models.challenger().version());
        }
        metrics.models(v);
    }

    /** A model's version, or null for none (a cold start). */
    private static String version(ServedModel m) {
        return m == null ? null : m.version();
    }

    /** For the watchers: records the outcome of an offer in the metrics. */
    public void recordSwap(ModelHolder.Refusal refusal) {
        metrics.swap(refusal == null ? "accepted" : "refused");
        publishModels();
    }
}
