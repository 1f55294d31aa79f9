package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.TableReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --engine spark} on the command line: usage errors are exit 2 with one message, and a real local run. */
class SparkEngineCliTest {
    static final String FEATURES = Path.of("..", "features", "features.yaml").toString();

    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() throws Exception {
        Cli.Result g = Cli.run("generate", "--leads", "1500", "--seed", "3", "--out", dir.resolve("h").toString());
        assertEquals(0, g.exit(), g.err());
    }

    private static void assertUsageError(Cli.Result r, String... mentions) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        for (String m : mentions) {
            assertTrue(r.err().contains(m), "mentions " + m + ": " + r.err());
        }
    }

    @Test
    void unsupportedCombinationsAreRejectedBeforeSparkStarts() throws Exception {
        String data = dir.resolve("h/leads.parquet").toString();
        String out = dir.resolve("m").toString();
        assertUsageError(Cli.run("train", "--engine", "spark", "--algorithm", "xgboost", "--data", data, "--label", "converted",
                "--time-column", "scored_at", "--out", out), "--algorithm", "xgboost", "logistic and gbt");
        assertUsageError(Cli.run("train", "--engine", "spark", "--algorithm", "auto", "--data", data, "--label", "converted",
                "--time-column", "scored_at", "--out", out), "auto");
        assertUsageError(Cli.run("train", "--engine", "spark", "--data", data, "--label", "converted", "--out", out), "--time-column");
        assertUsageError(Cli.run("train", "--algorithm", "gbt", "--data", data, "--label", "converted", "--out", out), "--engine spark");
        assertUsageError(Cli.run("train", "--master", "local[2]", "--data", data, "--label", "converted", "--out", out), "--master");
        assertUsageError(Cli.run("train", "--engine", "flink", "--data", data, "--label", "converted", "--out", out), "flink");
        assertFalse(Files.exists(dir.resolve("m")), "nothing written");
    }

    @Test
    void sparkBuildsWhatTheJavaEngineTrainsOnAndReportsBadInputAsExit2() throws Exception {
        Path out = dir.resolve("train.parquet");
        Cli.Result b = Cli.run("features", "build", "--engine", "spark", "--master", "local[2]", "--events", dir.resolve("h/events.parquet").toString(),
                "--leads", dir.resolve("h/leads.parquet").toString(), "--features", FEATURES, "--label-window", "30d", "--out", out.toString());
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().contains("wrote 1,500 rows for 1,500 leads"), b.out());
        assertFalse(b.err().contains(" INFO "), "Spark's log stays at WARN: " + b.err());
        assertTrue(Files.isDirectory(out), "a Parquet directory");
        assertEquals(1500, TableReader.read(out).rowCount());
        Cli.Result t = Cli.run("train", "--data", out.toString(), "--label", "converted_within_30d", "--time-column", "scored_at",
                "--features", FEATURES, "--min-positives", "20", "--out", dir.resolve("m-java").toString());
        assertEquals(0, t.exit(), t.err());

        Cli.Result missing = Cli.run("features", "build", "--engine", "spark", "--master", "local[2]", "--events",
                dir.resolve("nope.parquet").toString(), "--leads", dir.resolve("h/leads.parquet").toString(), "--features", FEATURES,
                "--out", dir.resolve("x.parquet").toString());
        assertUsageError(missing, "nope.parquet", "no such file");
        assertFalse(Files.exists(dir.resolve("x.parquet")));
    }
}
