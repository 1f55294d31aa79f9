package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} refuses a feature that alone predicts the outcome almost perfectly, unless forced. */
class LeakyFeaturesCliTest {
    @TempDir
    Path dir;

    @Test
    void aFeatureKnownOnlyAfterTheOutcomeIsRefusedByName() throws Exception {
        SplittableRandom rnd = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder("visits,plan,days_to_close,y\n");
        for (int i = 0; i < 2000; i++) {
            boolean y = rnd.nextDouble() < 0.2;
            // days_to_close exists only for leads that closed: it leaks through its missingness
            sb.append(rnd.nextInt(10) + (y ? 2 : 0)).append(',').append(rnd.nextBoolean() ? "a" : "b").append(',')
                    .append(y ? String.valueOf(1 + rnd.nextInt(60)) : "").append(',').append(y ? 1 : 0).append('\n');
        }
        Path data = dir.resolve("leads.csv");
        Files.writeString(data, sb.toString());
        Path out = dir.resolve("m");
        Cli.Result refused = Cli.run("train", "--data", data.toString(), "--label", "y", "--out", out.toString());
        assertEquals(2, refused.exit(), refused.err());
        assertTrue(refused.err().startsWith("error: " + data + ": leaky feature: days_to_close (holdout AUC 1.0000"), refused.err());
        assertFalse(refused.err().contains("visits ("), "only the leaky feature is named: " + refused.err());
        assertFalse(Files.exists(out), "no model written");

        Cli.Result excluded = Cli.run("train", "--data", data.toString(), "--label", "y", "--exclude", "days_to_close", "--out", out.toString());
        assertEquals(0, excluded.exit(), excluded.err());
        Cli.Result forced = Cli.run("train", "--data", data.toString(), "--label", "y", "--allow-leaky-features", "--out", out.toString());
        assertEquals(0, forced.exit(), forced.err());
    }
}
