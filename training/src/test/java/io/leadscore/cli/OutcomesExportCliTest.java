package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.ParquetTableReader;
import io.leadscore.data.Table;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.Outcome;
import io.leadscore.feedback.PredictionRecord;
import io.leadscore.feedback.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leadscore outcomes export}: outcomes joined to the predictions that judge them, as real Parquet. */
class OutcomesExportCliTest {
    @TempDir
    Path dir;

    private Path store() {
        Path file = dir.resolve("feedback.db");
        fill(file.toString());
        return file;
    }

    private static void fill(String location) {
        try (FeedbackStore s = FeedbackStore.open(location)) {
            s.log(new PredictionRecord("A", "v1", 0.8, 80, "hot", "v2", 0.7, Instant.parse("2026-01-01T00:00:00Z"), new byte[] {1}));
            s.log(new PredictionRecord("A", "v1", 0.9, 90, "hot", null, null, Instant.parse("2026-01-09T00:00:00Z"))); // after A's outcome
            s.log(new PredictionRecord("B", "v1", 0.1, 10, "cold", null, null, Instant.parse("2026-01-02T00:00:00Z")));
            s.log(new PredictionRecord("C", "v1", 0.5, 50, "warm", null, null, Instant.parse("2026-01-03T00:00:00Z"))); // no outcome yet
            s.log(new PredictionRecord(null, "v1", 0.5, 50, "warm", null, null, Instant.parse("2026-01-03T00:00:00Z"))); // no lead id
            s.record(new Outcome("o-1", "A", true, "2026-01-05T00:00:00Z", 1200.0));
            s.record(new Outcome("o-2", "B", false, "2026-01-06T00:00:00Z", null));
            s.record(new Outcome("o-3", "D", false, "2026-01-06T00:00:00Z", null)); // never scored
        }
    }

    private static Map<String, Integer> rowsByLead(Table t) {
        Map<String, Integer> rows = new HashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            rows.put(t.require("lead_id", "lead").string(i), i);
        }
        return rows;
    }

    @Test
    void everyOutcomeWithThePredictionMadeBeforeIt() throws Exception {
        Path feedback = store();
        Path out = dir.resolve("export/outcomes.parquet");
        Cli.Result r = Cli.run("outcomes", "export", "--feedback", feedback.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("exported 3 outcomes (2 judged by a prediction made before them; live AUC 1.0000)"), r.out());

        Table t = ParquetTableReader.read(out);
        assertEquals(3, t.rowCount());
        assertEquals(OutcomesExportCommand.FIELDS.stream().map(io.leadscore.data.ParquetTableWriter.Field::name).toList(), t.columnNames());
        Map<String, Integer> row = rowsByLead(t);
        int a = row.get("A");
        assertEquals("o-1", t.require("outcome_id", "").string(a));
        assertEquals(1.0, t.require("converted", "").number(a));
        assertEquals(0.8, t.require("probability", "").number(a), "the prediction before the outcome, not the later 0.9");
        assertEquals(80, t.require("score", "").number(a));
        assertEquals("hot", t.require("tier", "").string(a));
        assertEquals("v2", t.require("challenger_version", "").string(a));
        assertEquals(0.7, t.require("challenger_probability", "").number(a));
        assertEquals(1200.0, t.require("deal_value", "").number(a));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), (long) t.require("predicted_at", "").number(a));
        assertEquals(Instant.parse("2026-01-05T00:00:00Z").toEpochMilli(), (long) t.require("outcome_at", "").number(a));
        int b = row.get("B");
        assertEquals(0.0, t.require("converted", "").number(b));
        assertTrue(t.require("deal_value", "").isMissing(b));
        assertTrue(t.require("challenger_version", "").isMissing(b));
        int d = row.get("D");
        assertTrue(t.require("probability", "").isMissing(d), "an outcome of a lead never scored keeps its row, without a prediction");
        assertTrue(t.require("model_version", "").isMissing(d));
        assertFalse(row.containsKey("C"), "pending leads only with --include-pending");
    }

    @Test
    void pendingLeadsWithTheirLatestPrediction() throws Exception {
        Path out = dir.resolve("with-pending.parquet");
        Cli.Result r = Cli.run("outcomes", "export", "--feedback", store().toString(), "--out", out.toString(), "--include-pending");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("and 1 leads still pending"), r.out());
        Table t = ParquetTableReader.read(out);
        assertEquals(4, t.rowCount());
        int c = rowsByLead(t).get("C");
        assertEquals(0.5, t.require("probability", "").number(c));
        assertTrue(t.require("outcome_id", "").isMissing(c));
        assertTrue(t.require("converted", "").isMissing(c));
    }

    @Test
    void aMissingStoreIsNamedAndNothingIsWritten() throws Exception {
        Path missing = dir.resolve("nowhere/feedback.db");
        Path out = dir.resolve("out.parquet");
        Cli.Result r = Cli.run("outcomes", "export", "--feedback", missing.toString(), "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(missing.toString()) && lines.get(0).contains("no feedback store"), lines.get(0));
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(missing), "not created by looking for it");
    }

    @Test
    void aPostgresStoreExportsTheSameRowsAsAFile() throws Exception {
        String location = TestPostgres.shared().newDatabase("export") + "&password=not-to-be-printed";
        fill(location);
        Path fromFile = dir.resolve("file.parquet");
        Path fromDb = dir.resolve("db.parquet");
        assertEquals(0, Cli.run("outcomes", "export", "--feedback", store().toString(), "--out", fromFile.toString(), "--include-pending").exit());
        Cli.Result r = Cli.run("outcomes", "export", "--feedback", location, "--out", fromDb.toString(), "--include-pending");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("exported 3 outcomes (2 judged by a prediction made before them; live AUC 1.0000) and 1 leads still pending"), r.out());
        assertFalse((r.out() + r.err()).contains("not-to-be-printed"), "the password is never printed");
        Table a = ParquetTableReader.read(fromFile);
        Table b = ParquetTableReader.read(fromDb);
        assertEquals(a.rowCount(), b.rowCount());
        Map<String, Integer> ra = rowsByLead(a);
        Map<String, Integer> rb = rowsByLead(b);
        assertEquals(ra.keySet(), rb.keySet());
        for (String lead : ra.keySet()) {
            for (String column : a.columnNames()) {
                var ca = a.require(column, "");
                var cb = b.require(column, "");
                assertEquals(ca.isMissing(ra.get(lead)), cb.isMissing(rb.get(lead)), lead + " " + column);
                if (!ca.isMissing(ra.get(lead))) {
                    assertEquals(ca.value(ra.get(lead)), cb.value(rb.get(lead)), lead + " " + column);
                }
            }
        }
    }
}
