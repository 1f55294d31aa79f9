package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.synthetic.LeadGenerator;
import io.leadscore.training.TrainingRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train}'s defaults: {@code auto}, cross-fitted calibration, and small histories with an AUC interval. */
class TrainDefaultsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theDefaultAlgorithmIsAutoAndCalibrationIsCrossFitted() {
        TrainCommand c = new TrainCommand();
        new CommandLine(c).parseArgs("--data", "x.csv", "--label", "y", "--out", "m");
        assertEquals(null, c.algorithm, "resolved at run time: auto on the Java engine, logistic on Spark");
        assertEquals("cross-fit", c.calibrationRows);
        assertEquals(TrainingRun.DEFAULT_REFIT_ALL, c.refitAll);
        new CommandLine(c).parseArgs("--data", "x.csv", "--label", "y", "--out", "m", "--refit-all");
        assertTrue(c.refitAll);
        new CommandLine(c).parseArgs("--data", "x.csv", "--label", "y", "--out", "m", "--no-refit-all");
        assertTrue(!c.refitAll);
    }

    /** 1,000 leads, about 120 converted: training succeeds, in the small search space, and reports the AUC's interval. */
    @Test
    void aThousandLeadsTrainWithAnIntervalOnTheHoldoutAuc() throws Exception {
        Path data = dir.resolve("leads.parquet");
        new LeadGenerator(42).write(1_000, data);
        Path out = dir.resolve("m");
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--label", "converted", "--time-column", "scored_at", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode card = JSON.readTree(out.resolve("model-card.json").toFile());
        assertEquals("auto", card.at("/parameters/algorithm_requested").asText(), "a train without --algorithm records auto");
        assertEquals("cross-fit", card.at("/parameters/calibration_rows").asText());
        assertTrue(card.at("/parameters/search_space/size").asText().startsWith("small"), card.at("/parameters/search_space").toString());
        JsonNode interval = card.at("/holdout_metrics/auc_interval");
        double auc = card.at("/holdout_metrics/auc").asDouble();
        double low = interval.get("low").asDouble();
        double high = interval.get("high").asDouble();
        assertTrue(low < auc && auc < high && high - low > 0.05, "interval " + interval + " around " + auc);
        assertEquals(1000, interval.get("resamples").asInt());
        assertTrue(r.out().contains(String.format("(95%% interval %.3f–%.3f)", low, high)), r.out());
        assertTrue(auc > 0.65, "a small history still ranks: holdout AUC " + auc);
        JsonNode chosen = card.at("/parameters/chosen");
        if (chosen.has("max_depth")) {
            assertTrue(chosen.get("max_depth").asInt() <= 3, "shallow trees on small data: " + chosen);
        }
        double rate = card.at("/holdout_metrics/positives").asDouble() / card.at("/holdout_metrics/n").asDouble();
        double baseRateLogLoss = -(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate));
        double holdoutLogLoss = card.at("/holdout_metrics/log_loss").asDouble();
        assertTrue(holdoutLogLoss < baseRateLogLoss, "no overfit: holdout log-loss " + holdoutLogLoss
                + " beats the holdout's own conversion rate (" + baseRateLogLoss + ")");
    }
}
