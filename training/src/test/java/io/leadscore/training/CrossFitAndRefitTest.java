package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.synthetic.LeadGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every row put to use: calibration by cross-fitting, and the served model refitted on the holdout too. */
class CrossFitAndRefitTest {
    /** Seed of the generated history and of training. */
    private static final long SEED = 1;
    private static final int LEADS = 4_000;

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void generate() {
        data = dir.resolve("leads.parquet");
        new LeadGenerator(SEED).write(LEADS, data);
    }

    private static TrainingRun.Result train(String algorithm, String calibrationRows, boolean refitAll) {
        return TrainingRun.train(new TrainingRun.Options(data, "converted", "scored_at", List.of(), SEED, algorithm, "platt",
                TierPolicy.defaultCapacity(), TrainingRun.DEFAULT_MIN_POSITIVES, null, false, calibrationRows, refitAll));
    }

    private static double ece(TrainingRun.Result r) {
        return ((Number) r.card().holdoutMetrics().get("ece")).doubleValue();
    }

    @Test
    void crossFittedCalibrationIsAtLeastAsWellCalibratedAsTheSixteenPercentSlice() {
        TrainingRun.Result slice = train("logistic", Recipe.SLICE, false);
        TrainingRun.Result crossFit = train("logistic", Recipe.CROSS_FIT, false);
        System.out.printf("holdout ECE: slice %.4f, cross-fit %.4f; AUC %.4f vs %.4f%n", ece(slice), ece(crossFit),
                slice.card().holdoutMetrics().get("auc"), crossFit.card().holdoutMetrics().get("auc"));
        assertTrue(ece(crossFit) <= ece(slice), "cross-fit ECE " + ece(crossFit) + " vs slice " + ece(slice));
        long window = crossFit.card().split().trainRows();
        assertEquals(window, ((Number) crossFit.card().parameters().get("fit_rows")).longValue(), "the model fits the whole window");
        assertEquals(window - window / (TrainingRun.FOLDS + 1), crossFit.card().calibration().rows(), "every row after the first time block calibrates");
        assertTrue(crossFit.card().calibration().window().contains("out-of-fold"), crossFit.card().calibration().window());
        assertEquals(Math.round(window * TrainingRun.CALIBRATION_FRACTION), slice.card().calibration().rows());
    }

    @Test
    void refitAllServesAModelThatSawTheHoldoutAndReportsTheRecipesHoldoutMetrics() {
        TrainingRun.Result recipe = train("logistic", Recipe.CROSS_FIT, false);
        TrainingRun.Result refit = train("logistic", Recipe.CROSS_FIT, true);
        assertEquals(TrainingRun.METRICS_FROM_SERVED, recipe.card().holdoutMetricsFrom());
        assertEquals(TrainingRun.METRICS_FROM_RECIPE, refit.card().holdoutMetricsFrom());
        for (String k : List.of("auc", "pr_auc", "log_loss", "ece", "auc_interval", "calibration_curve", "scorecard")) {
            assertEquals(recipe.card().holdoutMetrics().get(k), refit.card().holdoutMetrics().get(k), k + ": from the recipe without the holdout");
        }
        assertEquals(Boolean.TRUE, refit.card().parameters().get("refit_all"));
        assertEquals((long) LEADS, ((Number) refit.card().parameters().get("fit_rows")).longValue(), "the served model fitted every row");
        assertEquals(recipe.card().calibration(), refit.card().calibration());
        assertNotEquals(recipe.card().modelVersion(), refit.card().modelVersion());

        Table table = TableReader.read(data);
        int[] holdout = Split.byTime(table, "scored_at").holdout();
        int[] y = TrainingData.prepare(table, "converted", "scored_at", List.of()).labels(holdout);
        double seen = Evaluation.logLoss(probabilities(refit, table, holdout), y);
        double unseen = Evaluation.logLoss(probabilities(recipe, table, holdout), y);
        assertTrue(seen < unseen, "the refitted model saw the holdout rows: log-loss " + seen + " vs " + unseen);
        Map<String, Object> served = Evaluation.ofProbabilities(probabilities(refit, table, holdout), y).toMap();
        assertNotEquals(served.get("log_loss"), refit.card().holdoutMetrics().get("log_loss"), "the card does not report the refitted model on seen rows");
    }

    private static double[] probabilities(TrainingRun.Result r, Table table, int[] rows) {
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            p[i] = r.scorer().probability(table.row(rows[i]));
        }
        return p;
    }
}
