package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.synthetic.LeadGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Algorithms, calibration, tiers and the history minimum, on a small generated history. */
class TrainingOptionsTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void generate() {
        data = dir.resolve("leads.parquet");
        new LeadGenerator(4).write(4_000, data);
    }

    private static TrainingRun.Options options(String algorithm, String calibration, TierPolicy tiers, int minPositives) {
        return new TrainingRun.Options(data, "converted", "scored_at", List.of(), 13, algorithm, calibration, tiers, minPositives, null, false);
    }

    @Test
    void treesAreReproducibleAndExplainedExactly() {
        TrainingRun.Result a = TrainingRun.train(options("xgboost", "platt", TierPolicy.defaultCapacity(), 100));
        TrainingRun.Result b = TrainingRun.train(options("xgboost", "platt", TierPolicy.defaultCapacity(), 100));
        assertEquals("xgboost", a.card().algorithm());
        assertEquals(a.card().parameters().get("chosen"), b.card().parameters().get("chosen"));
        Table t = TableReader.read(data);
        for (int r = 0; r < t.rowCount(); r += 101) {
            assertEquals(a.scorer().probability(t.row(r)), b.scorer().probability(t.row(r)), 1e-12);
            var s = a.scorer().score(t.row(r), Integer.MAX_VALUE);
            double sum = s.baseLogOdds();
            for (var reason : s.reasons()) {
                sum += reason.contribution();
            }
            assertEquals(Math.log(s.probability() / (1 - s.probability())), sum, 1e-4, "TreeSHAP + Platt add up to the log-odds");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> chosen = (Map<String, Object>) a.card().parameters().get("chosen");
        int trees = ((Number) chosen.get("trees")).intValue();
        assertTrue(trees >= 10 && trees <= ModelSearch.MAX_ROUNDS, "early stopping chose " + trees + " rounds");
    }

    @Test
    void calibrationIsFittedOnRowsTheModelDidNotSeeAndRecorded() {
        TrainingRun.Result r = TrainingRun.train(options("logistic", "isotonic", TierPolicy.defaultCapacity(), 100));
        assertEquals("isotonic", r.card().calibration().method());
        assertTrue(r.card().calibration().window().contains("predicted by a model fitted without it"), r.card().calibration().window());
        long window = r.card().split().trainRows();
        assertEquals(window, ((Number) r.card().parameters().get("fit_rows")).longValue(), "the model fits the whole training window");
        assertEquals(window - window / (TrainingRun.FOLDS + 1), r.card().calibration().rows(),
                "calibration rows: the out-of-fold predictions of every time block but the first");
        assertTrue((double) r.card().holdoutMetrics().get("ece") <= 0.05, "ece " + r.card().holdoutMetrics().get("ece"));
        assertEquals(10, ((List<?>) r.card().holdoutMetrics().get("calibration_curve")).size());
    }

    @Test
    void capacityTiersPutTheRequestedShareInHot() {
        TrainingRun.Result r = TrainingRun.train(options("logistic", "platt", TierPolicy.capacity(0.05, 0.25), 100));
        assertTrue(r.card().tiers().method().contains("top 5.0%"), r.card().tiers().method());
        Table t = TableReader.read(data);
        long hot = 0;
        for (int i = 0; i < t.rowCount(); i++) {
            if (r.scorer().probability(t.row(i)) >= r.card().tiers().hotFrom()) {
                hot++;
            }
        }
        double share = (double) hot / t.rowCount();
        assertTrue(share > 0.03 && share < 0.08, "hot share " + share);
        TrainingRun.Result th = TrainingRun.train(options("logistic", "platt", TierPolicy.thresholds(0.2, 0.5), 100));
        assertEquals(0.5, th.card().tiers().hotFrom());
        assertEquals(0.2, th.card().tiers().warmFrom());
    }

    @Test
    void tooLittleHistoryIsRefusedWithWhatIsMissing() {
        DataException e = assertThrows(DataException.class, () -> TrainingRun.train(options("logistic", "platt", TierPolicy.defaultCapacity(), 100_000)));
        assertTrue(e.getMessage().contains("too little history") && e.getMessage().contains("at least 100000"), e.getMessage());
    }
}
