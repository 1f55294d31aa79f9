package io.leadscore.serving.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackStoreTest {
    @TempDir
    Path dir;

    @Test
    void outcomesAreIdempotentByIdAndSurviveReopening() {
        Path file = dir.resolve("feedback.db");
        Outcome won = new Outcome("o-1", "L1", true, "2026-01-02T03:04:05Z", 1200.0);
        try (FeedbackStore s = FeedbackStore.open(file)) {
            assertEquals(FeedbackStore.Recorded.NEW, s.record(won));
            assertEquals(FeedbackStore.Recorded.DUPLICATE, s.record(won));
            assertEquals(FeedbackStore.Recorded.CONFLICT, s.record(new Outcome("o-1", "L1", false, "2026-01-02T03:04:05Z", null)));
            assertEquals(FeedbackStore.Recorded.NEW, s.record(new Outcome("o-2", "L2", false, "2026-01-03T00:00:00Z", null)));
        }
        try (FeedbackStore s = FeedbackStore.open(file)) {
            assertEquals(won, s.outcome("o-1"));
            assertNull(s.outcome("o-3"));
            assertArrayEquals(new long[] {1, 1}, s.outcomeCounts());
            assertEquals(2, s.outcomes().size());
        }
    }

    @Test
    void everyLoggedPredictionIsWrittenByCloseOrFlush() {
        Path file = dir.resolve("feedback.db");
        try (FeedbackStore s = FeedbackStore.open(file)) {
            for (int i = 0; i < 5_000; i++) {
                s.log(new PredictionRecord("L" + i, "v1", i / 5_000.0, 1 + i % 99, "warm", i % 2 == 0 ? "v2" : null, i % 2 == 0 ? 0.5 : null, "2026-01-01T00:00:00Z"));
            }
            s.flush();
            assertEquals(5_000, s.predictions().size());
            s.log(new PredictionRecord(null, "v1", 0.1, 10, "cold", null, null, "2026-01-01T00:00:01Z"));
        }
        try (FeedbackStore s = FeedbackStore.open(file)) {
            var all = s.predictions();
            assertEquals(5_001, all.size());
            assertEquals("v2", all.get(0).challengerVersion());
            assertNull(all.get(1).challengerProbability());
            assertNull(all.get(5_000).leadId());
        }
    }

    @Test
    void aStoreWrittenBeforePredictionsKeptBinsGainsTheColumnAndKeepsItsRows() throws Exception {
        Path file = dir.resolve("old-feedback.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()); Statement s = c.createStatement()) {
            // the schema of the first release, verbatim
            s.execute("CREATE TABLE outcomes (outcome_id TEXT PRIMARY KEY, lead_id TEXT NOT NULL, "
                    + "converted INTEGER NOT NULL, at TEXT NOT NULL, deal_value REAL, received_at TEXT NOT NULL)");
            s.execute("CREATE TABLE predictions (id INTEGER PRIMARY KEY AUTOINCREMENT, lead_id TEXT, "
                    + "model_version TEXT NOT NULL, probability REAL NOT NULL, score INTEGER NOT NULL, tier TEXT NOT NULL, "
                    + "challenger_version TEXT, challenger_probability REAL, at TEXT NOT NULL)");
            s.execute("CREATE INDEX predictions_lead ON predictions (lead_id)");
            s.execute("CREATE INDEX outcomes_lead ON outcomes (lead_id)");
            s.execute("INSERT INTO predictions (lead_id, model_version, probability, score, tier, at) "
                    + "VALUES ('L1', 'v1', 0.4, 40, 'warm', '2026-01-01T00:00:00Z')");
            s.execute("INSERT INTO outcomes VALUES ('o-1', 'L1', 1, '2026-01-02T00:00:00Z', NULL, '2026-01-02T00:00:00Z')");
        }
        try (FeedbackStore s = FeedbackStore.open(file)) {
            s.log(new PredictionRecord("L2", "v1", 0.2, 20, "cold", null, null, "2026-01-03T00:00:00Z", new byte[] {2, 0}));
            s.log(new PredictionRecord("L3", "v1", 0.2, 20, "cold", null, null, "2026-01-04T00:00:00Z", new byte[] {1, 1}));
            s.log(new PredictionRecord("L4", "v2", 0.2, 20, "cold", null, null, "2026-01-04T00:00:00Z", new byte[] {1, 1}));
            s.log(new PredictionRecord("L5", "v1", 0.2, 20, "cold", null, null, "2025-12-01T00:00:00Z", new byte[] {1, 1}));
            s.log(new PredictionRecord("L6", "v1", 0.2, 20, "cold", null, null, "2026-01-05T00:00:00Z", new byte[] {9, 1}));
            var all = s.predictions();
            assertEquals(6, all.size());
            assertNull(all.get(0).bins(), "the old row has no bins");
            assertArrayEquals(new byte[] {2, 0}, all.get(1).bins());
            assertArrayEquals(new long[] {1, 0}, s.outcomeCounts());
            assertEquals(1, ((double[]) s.scoredOutcomes()[0]).length, "the old prediction still joins its outcome");
            long[][] counts = {new long[3], new long[2]};
            assertEquals(2, s.countBins("v1", "2026-01-01T00:00:00Z", counts),
                    "v1's rows since then with bins: not the old row, not v2's, not the older one, not the one with a bin out of range");
            assertArrayEquals(new long[] {0, 1, 1}, counts[0]);
            assertArrayEquals(new long[] {1, 1}, counts[1]);
        }
        try (FeedbackStore s = FeedbackStore.open(file)) {
            assertEquals(6, s.predictions().size(), "opening it again changes nothing");
        }
    }
}
