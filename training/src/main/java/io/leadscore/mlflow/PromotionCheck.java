package io.leadscore.mlflow;

import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.model.SegmentedModel;
import io.leadscore.training.Evaluation;
import io.leadscore.training.ScoredRows;
import io.leadscore.training.SegmentMetrics;
import io.leadscore.training.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Champion against candidate on the newest labelled leads: the whole file, or with a time column its
 * newest {@link Split#HOLDOUT_FRACTION} by time (as a time split would hold out). The candidate is not
 * worse when its AUC is at least the champion's and its log-loss at most the champion's, overall and,
 * for a candidate with segment models ({@code train --segment-by}), on the leads of every segment its
 * own model serves (values whose leads have one class only cannot be compared and are skipped). Each
 * model scores each lead as it would be served: routed to its segment's model.
 *
 * @param candidate the candidate's metrics
 * @param champion the champion's metrics on the same leads
 * @param rows which leads, in words, e.g. {@code newest 20% by scored_at}
 * @param segments the comparison on each segment the candidate serves by its own model (empty without segments)
 */
public record PromotionCheck(Evaluation candidate, Evaluation champion, String rows, List<SegmentCheck> segments) {

    /**
     * Both models on the leads of one segment value.
     *
     * @param value the segment value
     * @param candidate the candidate's metrics on its leads
     * @param champion the champion's metrics on the same leads
     */
    public record SegmentCheck(String value, Evaluation candidate, Evaluation champion) {
        boolean notWorse() {
            return candidate.auc() >= champion.auc() && candidate.logLoss() <= champion.logLoss();
        }
    }

    /** A check without segments. */
    public PromotionCheck(Evaluation candidate, Evaluation champion, String rows) {
        this(candidate, champion, rows, List.of());
    }

    /** Scores both models on the newest labelled leads of {@code data}. */
    public static PromotionCheck run(SegmentedModel candidate, SegmentedModel champion, Path data, String label, String timeColumn) {
        Table table = TableReader.read(data);
        String rows = "all rows";
        if (timeColumn != null) {
            table = table.select(Split.byTime(table, timeColumn).holdout());
            rows = "newest " + Math.round(Split.HOLDOUT_FRACTION * 100) + "% by " + timeColumn;
        }
        ScoredRows forCandidate = ScoredRows.of(table, label, candidate.pooled().card(), rows);
        ScoredRows forChampion = ScoredRows.of(table, label, champion.pooled().card(), rows);
        double[] pc = forCandidate.probabilities(candidate);
        double[] pk = forChampion.probabilities(champion);
        int[] y = forCandidate.y();
        List<SegmentCheck> segments = new ArrayList<>();
        if (candidate.column() != null && table.column(candidate.column()).isPresent()) {
            for (Map.Entry<String, int[]> e : SegmentMetrics.rows(table, candidate.column()).entrySet()) {
                int[] at = e.getValue();
                int[] yy = SegmentMetrics.pick(y, at);
                long positives = Evaluation.positives(yy);
                if (candidate.segments().containsKey(e.getKey()) && positives > 0 && positives < yy.length) {
                    segments.add(new SegmentCheck(e.getKey(), Evaluation.ofProbabilities(SegmentMetrics.pick(pc, at), yy),
                            Evaluation.ofProbabilities(SegmentMetrics.pick(pk, at), yy)));
                }
            }
        }
        return new PromotionCheck(Evaluation.ofProbabilities(pc, y), Evaluation.ofProbabilities(pk, forChampion.y()), rows, segments);
    }

    /** Whether the candidate ranks at least as well and is calibrated at least as well, overall and on each of its segments. */
    public boolean notWorse() {
        return candidate.auc() >= champion.auc() && candidate.logLoss() <= champion.logLoss()
                && segments.stream().allMatch(SegmentCheck::notWorse);
    }

    /** Why the candidate is worse, in words; empty when it is not. */
    public String whyWorse() {
        boolean auc = candidate.auc() < champion.auc();
        boolean logLoss = candidate.logLoss() > champion.logLoss();
        String overall = auc && logLoss ? "its AUC is lower and its log-loss higher than the champion's"
                : auc ? "its AUC is lower than the champion's" : logLoss ? "its log-loss is higher than the champion's" : "";
        List<String> worse = segments.stream().filter(s -> !s.notWorse()).map(SegmentCheck::value).toList();
        if (worse.isEmpty()) {
            return overall;
        }
        String bySegment = "it is worse than the champion (AUC or log-loss) on the leads of segment " + String.join(", ", worse);
        return overall.isEmpty() ? bySegment : overall + "; " + bySegment;
    }
}
