package io.leadscore.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.DataException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The store contract on the embedded SQLite store, and files of earlier releases opening with every row. */
class FeedbackStoreTest extends StoreContractTest {
    @Override
    String location(String name) {
        return dir.resolve(name).toString();
    }

    @Override
    Instant stored(Instant t) {
        return t;
    }

    private Path fixture() throws Exception {
        Path file = dir.resolve("release.db");
        try (InputStream in = getClass().getResourceAsStream(ReleaseFixture.RESOURCE)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static List<String> strings(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void aStoreOfTheChunkedReleaseOpensWithEveryPredictionAndOutcome() throws Exception {
        Path file = fixture();
        List<PredictionRecord> logged = ReleaseFixture.predictions();
        try (FeedbackStore s = FeedbackStore.open(file)) {
            List<PredictionRecord> back = s.predictions();
            assertEquals(logged.size(), back.size());
            for (int i = 0; i < logged.size(); i++) {
                PredictionRecord a = logged.get(i);
                PredictionRecord b = back.get(i);
                assertTrue(Objects.equals(a.leadId(), b.leadId()) && a.modelVersion().equals(b.modelVersion()) && a.probability() == b.probability()
                        && a.score() == b.score() && a.tier().equals(b.tier()) && Objects.equals(a.challengerVersion(), b.challengerVersion())
                        && Objects.equals(a.challengerProbability(), b.challengerProbability()) && a.at().equals(b.at())
                        && Arrays.equals(a.bins(), b.bins()), "prediction " + i + " comes back exactly, in order");
            }
            assertEquals(ReleaseFixture.outcomes(), s.outcomes(), "every outcome, in the order reported");
            assertEquals(FeedbackStore.Recorded.DUPLICATE, s.record(ReleaseFixture.outcomes().get(3)), "an old outcome id is still known");
            s.log(new PredictionRecord("lead-1", "v7", 0.5, 50, "warm", null, null, Instant.parse("2026-12-03T00:00:00Z"), new byte[] {1, 1, 1}));
            assertEquals(logged.size() + 1, s.predictions().size());
        }
        try (FeedbackStore s = FeedbackStore.open(file)) {
            assertEquals(logged.size() + 1, s.predictions().size(), "opening it again changes nothing");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertEquals(List.of("feedback_schema_history", "outcomes", "prediction_log", "webhook_outbox"),
                    strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"));
            assertEquals(List.of("0", "1", "2", "3", "4"), strings(c, "SELECT version FROM feedback_schema_history ORDER BY installed_rank"),
                    "baselined below V1, then migrated");
            // the log is plain rows: a data scientist's SQL
            long hot = logged.stream().filter(p -> p.modelVersion().equals("v7") && p.tier().equals("hot")
                    && p.at().toString().startsWith("2026-11-30")).count();
            assertEquals(List.of(String.valueOf(hot)), strings(c, "SELECT COUNT(*) FROM prediction_log WHERE model_version = 'v7' "
                    + "AND tier = 'hot' AND predicted_at >= '2026-11-30' AND predicted_at < '2026-12-01'"));
            long binned = logged.stream().filter(p -> p.bins() != null && p.bins()[0] == 3).count();
            assertEquals(List.of(String.valueOf(binned)), strings(c, "SELECT COUNT(*) FROM prediction_log WHERE json_extract(bins, '$[0]') = 3"));
        }
    }

    @Test
    void aPostgresUrlMadeIntoAPathIsRefusedRatherThanOpenedAsAFile() {
        assertThrows(IllegalArgumentException.class, () -> FeedbackStore.open(Path.of("postgresql://db:5432/leads")));
        assertTrue(Files.notExists(Path.of("postgresql:")));
    }

    @Test
    void aDamagedChunkFailsTheMoveAndLeavesTheOldRowsInPlace() throws Exception {
        Path file = fixture();
        byte[] kept;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement q = c.createStatement()) {
            try (ResultSet rs = q.executeQuery("SELECT data FROM prediction_chunks WHERE id = 3")) {
                rs.next();
                kept = rs.getBytes(1);
            }
            try (var cut = c.prepareStatement("UPDATE prediction_chunks SET data = ? WHERE id = 3")) {
                cut.setBytes(1, Arrays.copyOf(kept, kept.length / 2));
                cut.executeUpdate();
            }
        }
        DataException e = assertThrows(DataException.class, () -> FeedbackStore.open(file));
        assertTrue(e.getMessage().contains("chunk 3"), e.getMessage());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertEquals(List.of("4"), strings(c, "SELECT COUNT(*) FROM prediction_chunks"), "the chunks are still there");
            assertEquals(List.of("60"), strings(c, "SELECT COUNT(*) FROM outcomes"));
            try (var mend = c.prepareStatement("UPDATE prediction_chunks SET data = ? WHERE id = 3")) {
                mend.setBytes(1, kept);
                mend.executeUpdate();
            }
        }
        try (FeedbackStore s = FeedbackStore.open(file)) {
            assertEquals(ReleaseFixture.predictions().size(), s.predictions().size(), "mended, it opens with every row");
        }
    }

    @Test
    void aStoreOfTheFirstReleaseIsMovedToPlainRowsAndKeepsItsRows() throws Exception {
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
            s.log(new PredictionRecord("L2", "v1", 0.2, 20, "cold", null, null, Instant.parse("2026-01-03T00:00:00Z"), new byte[] {2, 0}));
            s.log(new PredictionRecord("L3", "v1", 0.2, 20, "cold", null, null, Instant.parse("2026-01-04T00:00:00Z"), new byte[] {1, 1}));
            s.log(new PredictionRecord("L4", "v2", 0.2, 20, "cold", null, null, Instant.parse("2026-01-04T00:00:00Z"), new byte[] {1, 1}));
            s.log(new PredictionRecord("L5", "v1", 0.2, 20, "cold", null, null, Instant.parse("2025-12-01T00:00:00Z"), new byte[] {1, 1}));
            s.log(new PredictionRecord("L6", "v1", 0.2, 20, "cold", null, null, Instant.parse("2026-01-05T00:00:00Z"), new byte[] {9, 1}));
            var all = s.predictions();
            assertEquals(6, all.size());
            assertNull(all.get(0).bins(), "the old row has no bins");
            assertArrayEquals(new byte[] {2, 0}, all.get(1).bins());
            assertArrayEquals(new long[] {1, 0}, s.outcomeCounts());
            assertEquals(0.4, s.scoredOutcomes().get(0).prediction().probability(), "the old prediction still joins its outcome");
            long[][] counts = {new long[3], new long[2]};
            assertEquals(2, s.countBins("v1", Instant.parse("2026-01-01T00:00:00Z"), counts),
                    "v1's rows since then with bins: not the old row, not v2's, not the older one, not the one with a bin out of range");
            assertArrayEquals(new long[] {0, 1, 1}, counts[0]);
            assertArrayEquals(new long[] {1, 1}, counts[1]);
        }
        try (FeedbackStore s = FeedbackStore.open(file)) {
            assertEquals(6, s.predictions().size(), "opening it again changes nothing");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath()); Statement s = c.createStatement();
             ResultSet tables = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'prediction%' ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            assertEquals(List.of("prediction_log"), names, "the release tables are gone once moved");
        }
    }

}
