package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same commands on real public datasets (../shared/datasets). Reference AUCs of a plain L2
 * logistic regression on a seeded random 20% holdout are in the datasets' READMEs: 0.753 (bank,
 * without the leaking {@code duration}) and 0.895 (online shoppers).
 */
class RealDatasetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path DATASETS = Path.of("..", "..", "shared", "datasets").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private JsonNode trainAndEvaluate(Path data, String label, String... extra) throws Exception {
        assertTrue(Files.isRegularFile(data), "dataset present: " + data);
        String[] base = {"train", "--data", data.toString(), "--label", label, "--out", dir.resolve("m").toString(), "--seed", "42"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        Cli.Result t = Cli.run(args);
        assertEquals(0, t.exit(), t.err());
        Cli.Result e = Cli.run("evaluate", "--model", dir.resolve("m").toString(), "--data", data.toString(), "--label", label, "--json");
        assertEquals(0, e.exit(), e.err());
        JsonNode m = JSON.readTree(e.out());
        assertEquals("holdout", m.get("evaluated_on").asText());
        System.out.println(data.getFileName() + ": " + m);
        return m;
    }

    @Test
    void bankMarketingWithoutTheLeakingDuration() throws Exception {
        JsonNode m = trainAndEvaluate(DATASETS.resolve("bank-marketing/bank-full.csv"), "y", "--exclude", "duration");
        assertEquals(9042, m.get("n").asLong(), "a 20% holdout");
        assertTrue(m.get("auc").asDouble() >= 0.74, "AUC " + m.get("auc") + " vs reference 0.753");
        assertTrue(m.get("ece").asDouble() <= 0.03, "ece " + m.get("ece"));
        JsonNode card = JSON.readTree(dir.resolve("m/model-card.json").toFile());
        assertEquals("excluded by --exclude", card.at("/dropped_columns/duration").asText());
    }

    @Test
    void onlineShoppersIntention() throws Exception {
        JsonNode m = trainAndEvaluate(DATASETS.resolve("online-shoppers-intention/online_shoppers_intention.csv"), "Revenue");
        assertEquals(2466, m.get("n").asLong(), "a 20% holdout");
        assertTrue(m.get("auc").asDouble() >= 0.88, "AUC " + m.get("auc") + " vs reference 0.895");
    }
}
