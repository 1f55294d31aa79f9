package io.leadscore.feedback;

import io.leadscore.model.ConversionModel;
import io.leadscore.model.Drift;
import io.leadscore.model.FeatureBins;
import io.leadscore.model.FeatureProfile;
import io.leadscore.model.RankingMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of the dashboard's live panel, from the feedback store: predictions logged (in all and
 * per day), outcomes reported, the live AUC (each outcome against the lead's latest prediction made
 * at or before it), and the drift of each field of the served model
 * against its training leads over the last {@link #DRIFT_WINDOW} of its predictions; for a model
 * with segment models, the same live AUC and drift per segment ({@code segments}), each segment's
 * leads against its own model's training leads. The same map is rendered in the page and answered
 * by {@code GET /dashboard/api/live}.
 */
public final class LiveFigures {
    /** How far back the drift looks. */
    public static final Duration DRIFT_WINDOW = Duration.ofDays(7);

    private LiveFigures() {
    }

    /**
     * The live figures.
     *
     * @param store the feedback store
     * @param champion the model serving now (its logged predictions are the drift's), or null in a
     *     cold start (no model yet: the point table answers alone, and there is no drift to measure)
     * @param version the champion's version, as logged with its predictions, or null with no champion
     * @param now the end of the drift window
     */
    public static Map<String, Object> of(FeedbackStore store, ConversionModel champion, String version, Instant now) {
        return of(store, champion, version, Map.of(), now);
    }

    /**
     * The live figures of a model with segment models: the champion's (the pooled model's) drift
     * over the leads it scored, and per segment value the live AUC of the outcomes its model's
     * predictions judge and that model's drift.
     *
     * @param segments each segment value's own model (empty for a model without segments)
     */
    public static Map<String, Object> of(FeedbackStore store, ConversionModel champion, String version,
                                         Map<String, ConversionModel> segments, Instant now) {
        Map<String, Long> perDay = store.predictionsPerDay();
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("predictions", perDay.values().stream().mapToLong(Long::longValue).sum());
        live.put("predictions_per_day", perDay);
        long[] counts = store.outcomeCounts();
        live.put("outcomes", counts[0] + counts[1]);
        List<FeedbackStore.ScoredOutcome> scored = store.scoredOutcomes();
        double auc = auc(scored);
        live.put("auc", Double.isNaN(auc) ? null : auc);
        live.put("drift", drift(store, champion, version, now));
        if (!segments.isEmpty()) {
            List<Map<String, Object>> bySegment = new ArrayList<>();
            segments.forEach((value, model) -> {
                List<FeedbackStore.ScoredOutcome> judged = scored.stream()
                        .filter(o -> o.prediction() != null && value.equals(o.prediction().segment())).toList();
                double segmentAuc = auc(judged);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("segment", value);
                row.put("model_version", model.card().modelVersion());
                row.put("outcomes", judged.size());
                row.put("auc", Double.isNaN(segmentAuc) ? null : segmentAuc);
                row.put("drift", drift(store, model, model.card().modelVersion(), now));
                bySegment.add(row);
            });
            live.put("segments", bySegment);
        }
        return live;
    }

    /**
     * The live AUC: the probabilities of the predictions that judge the outcomes against what became
     * of the leads; NaN until both a conversion and a loss are judged by a prediction.
     */
    public static double auc(List<FeedbackStore.ScoredOutcome> scored) {
        List<FeedbackStore.ScoredOutcome> judged = scored.stream().filter(s -> s.prediction() != null).toList();
        return RankingMetrics.auc(judged.stream().mapToDouble(s -> s.prediction().probability()).toArray(),
                judged.stream().mapToInt(s -> s.outcome().converted() ? 1 : 0).toArray());
    }

    private static Map<String, Object> drift(FeedbackStore store, ConversionModel champion, String version, Instant now) {
        Instant since = now.minus(DRIFT_WINDOW);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model_version", version);
        d.put("window_days", DRIFT_WINDOW.toDays());
        d.put("since", since.toString());
        FeatureBins bins = champion == null ? null : champion.featureBins();
        List<Map<String, Object>> features = new ArrayList<>();
        long n = 0;
        String unavailable = null;
        if (champion == null) {
            unavailable = "No model yet, serving the point table: drift is measured against a model's training leads, "
                    + "so it shows here once a model is loaded.";
        } else if (bins == null) {
            unavailable = "The served model (" + version + ") was trained before leadscore recorded how its training leads were "
                    + "spread over each field, so drift cannot be measured for it: retrain it to see drift here.";
        } else {
            List<FeatureProfile> profiles = bins.profiles();
            long[][] counts = new long[profiles.size()][];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new long[profiles.get(i).binCount()];
            }
            n = store.countBins(version, since, counts);
            for (Drift.FeatureDrift f : Drift.of(profiles, counts, n, champion.card().descriptions())) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("feature", f.feature());
                row.put("description", f.description());
                row.put("psi", Math.round(f.psi() * 10_000) / 10_000.0);
                row.put("verdict", f.verdict().word());
                row.put("predictions", f.predictions());
                features.add(row);
            }
            if (n == 0) {
                unavailable = "No predictions of the served model (" + version + ") in the last " + DRIFT_WINDOW.toDays()
                        + " days yet: drift shows here once leads are scored.";
            }
        }
        d.put("predictions", n);
        d.put("features", features);
        d.put("explanation", Drift.EXPLANATION);
        d.put("unavailable", unavailable);
        return d;
    }
}
