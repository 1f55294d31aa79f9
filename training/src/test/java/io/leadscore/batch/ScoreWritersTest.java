package io.leadscore.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leadscore.model.Reason;
import io.leadscore.predict.Prediction;
import io.leadscore.rules.Tier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output writers of {@code leadscore score}: chunks encoded on other threads and in any order
 * are written in the order they are appended, every field as given; a writer closed without a
 * commit leaves nothing.
 */
class ScoreWritersTest {
    private static final OutputColumns COLUMNS = new OutputColumns("lead_id", true, "m", "v1", 1_700_000_000_000L);

    @TempDir
    Path dir;

    /** Chunk {@code c} of {@code n} leads with ids {@code c-0 …}; each lead's answer depends on both. */
    private static ScoredChunk chunk(int c, int n) {
        String[] ids = new String[n];
        Prediction[] predictions = new Prediction[n];
        for (int i = 0; i < n; i++) {
            ids[i] = c + "-" + i;
            double p = (c * 1000 + i) / 1e5 + 1e-13;
            List<Reason> reasons = i % 3 == 0 ? List.of()
                    : List.of(new Reason("budget_band", "50k-100k", 0.25 + i, "Budget"), new Reason("website_visits", 4.0, -0.5, null));
            predictions[i] = new Prediction(p, 1 + i % 99, Tier.values()[i % 3], i % 5 == 0 ? null : i, i % 5 == 0 ? null : Tier.HOT, reasons,
                    List.of(), null, "m", "v1");
        }
        return new ScoredChunk(n, ids, predictions, new long[n], n, List.of());
    }

    /** Encodes the chunks on a pool, last first, and appends them in order. */
    private static <E> void write(ScoreWriter<E> writer, List<ScoredChunk> chunks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<E>> encoded = new ArrayList<>();
            for (int c = chunks.size() - 1; c >= 0; c--) {
                ScoredChunk chunk = chunks.get(c);
                encoded.add(0, pool.submit(() -> writer.encode(chunk)));
            }
            for (Future<E> e : encoded) {
                writer.append(e.get());
            }
            writer.commit();
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<ScoredChunk> chunks() {
        return List.of(chunk(0, 700), chunk(1, 0), chunk(2, 1), chunk(3, 2500));
    }

    @Test
    void parquetChunksEncodedInAnyOrderAreWrittenInAppendOrderOneRowGroupEach() throws Exception {
        Path out = dir.resolve("scores.parquet");
        try (ScoreWriter<?> writer = ScoreWriter.create(out, COLUMNS)) {
            write(writer, chunks());
        }
        List<GenericRecord> rows = new ArrayList<>();
        try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(out))
                .withDataModel(GenericData.get()).set("parquet.avro.add-list-element-records", "false").build()) {
            for (GenericRecord g = r.read(); g != null; g = r.read()) {
                rows.add(g);
            }
        }
        int k = 0;
        for (ScoredChunk c : chunks()) {
            for (int i = 0; i < c.kept(); i++, k++) {
                GenericRecord g = rows.get(k);
                Prediction p = c.predictions()[i];
                assertEquals(c.ids()[i], g.get("lead_id").toString());
                assertEquals(p.probability(), (double) g.get("probability"));
                assertEquals(p.score(), (int) g.get("score"));
                assertEquals(p.tier().label(), g.get("tier").toString());
                assertEquals(p.ruleScore(), g.get("rule_score"));
                assertEquals(p.ruleTier() == null ? null : p.ruleTier().label(), g.get("rule_tier") == null ? null : g.get("rule_tier").toString());
                assertEquals(p.reasons().size(), ((List<?>) g.get("reasons")).size());
                assertEquals(COLUMNS.scoredAt(), ((Number) g.get("scored_at")).longValue());
            }
        }
        assertEquals(k, rows.size());
        GenericRecord reason = (GenericRecord) ((List<?>) rows.get(1).get("reasons")).get(1);
        assertEquals("website_visits", reason.get("feature").toString());
        assertEquals("4.0", reason.get("value").toString());
        assertEquals("lowers", reason.get("direction").toString());
        assertNull(reason.get("description"));
        try (ParquetFileReader f = ParquetFileReader.open(new LocalInputFile(out))) {
            assertEquals(3, f.getFooter().getBlocks().size(), "a row group per chunk with leads");
        }
    }

    @Test
    void csvChunksEncodedInAnyOrderAreWrittenInAppendOrder() throws Exception {
        Path out = dir.resolve("scores.csv");
        try (ScoreWriter<?> writer = ScoreWriter.create(out, COLUMNS)) {
            write(writer, chunks());
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(String.join(",", COLUMNS.names()), lines.get(0));
        List<String> ids = new ArrayList<>();
        chunks().forEach(c -> ids.addAll(List.of(c.ids()).subList(0, c.kept())));
        assertEquals(ids, lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList());
        assertEquals("3-1," + chunk(3, 2).predictions()[1].probability() + ",2,warm,1,hot,", lines.get(1 + 700 + 1 + 1).substring(0, lines.get(1 + 700 + 1 + 1).indexOf('"')));
    }

    @Test
    void aWriterClosedWithoutCommitLeavesNothing() throws Exception {
        for (String name : new String[] {"left.parquet", "left.csv"}) {
            Path out = dir.resolve(name);
            try (ScoreWriter<?> writer = ScoreWriter.create(out, COLUMNS)) {
                appendOne(writer, chunk(0, 50));
            }
            try (var files = Files.list(dir)) {
                assertFalse(files.anyMatch(p -> p.getFileName().toString().contains("left.")), name);
            }
        }
    }

    private static <E> void appendOne(ScoreWriter<E> writer, ScoredChunk chunk) {
        writer.append(writer.encode(chunk));
    }
}
