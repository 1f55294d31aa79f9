package io.leadscore.mlflow;

import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.model.ConversionModel;
import io.leadscore.training.Evaluation;
import io.leadscore.training.ScoredRows;
import io.leadscore.training.Split;
import java.nio.file.Path;

/**
 * Champion against candidate on the newest labelled leads: the whole file, or with a time column its
 * newest {@link Split#HOLDOUT_FRACTION} by time (as a time split would hold out). The candidate is not
 * worse when its AUC is at least the champion's and its log-loss at most the champion's.
 *
 * @param candidate the candidate's metrics
 * @param champion the champion's metrics on the same leads
 * @param rows which leads, in words, e.g. {@code newest 20% by scored_at}
 */
public record PromotionCheck(Evaluation candidate, Evaluation champion, String rows) {

    /** Scores both models on the newest labelled leads of {@code data}. */
    public static PromotionCheck run(ConversionModel candidate, ConversionModel champion, Path data, String label, String timeColumn) {
        Table table = TableReader.read(data);
        String rows = "all rows";
        if (timeColumn != null) {
            table = table.select(Split.byTime(table, timeColumn).holdout());
            rows = "newest " + Math.round(Split.HOLDOUT_FRACTION * 100) + "% by " + timeColumn;
        }
        ScoredRows forCandidate = ScoredRows.of(table, label, candidate.card(), rows);
        ScoredRows forChampion = ScoredRows.of(table, label, champion.card(), rows);
        return new PromotionCheck(Evaluation.ofProbabilities(forCandidate.probabilities(candidate), forCandidate.y()),
                Evaluation.ofProbabilities(forChampion.probabilities(champion), forChampion.y()), rows);
    }

    /** Whether the candidate ranks at least as well and is calibrated at least as well. */
    public boolean notWorse() {
        return candidate.auc() >= champion.auc() && candidate.logLoss() <= champion.logLoss();
    }

    /** Why the candidate is worse, in words; empty when it is not. */
    public String whyWorse() {
        boolean auc = candidate.auc() < champion.auc();
        boolean logLoss = candidate.logLoss() > champion.logLoss();
        if (auc && logLoss) {
            return "its AUC is lower and its log-loss higher than the champion's";
        }
        return auc ? "its AUC is lower than the champion's" : logLoss ? "its log-loss is higher than the champion's" : "";
    }
}
