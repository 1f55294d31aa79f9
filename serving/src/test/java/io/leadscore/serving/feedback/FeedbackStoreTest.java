package io.leadscore.serving.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
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
}
