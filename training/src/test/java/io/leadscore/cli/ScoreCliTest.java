package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.ParquetTableWriter;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.synthetic.LeadGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leadscore score} as a user runs it: bad rows go to the rejects file with the API's
 * messages, a file problem exits 2 and writes nothing, a killed run leaves no output, and
 * {@code --changed-since} writes only what changed.
 */
class ScoreCliTest {
    @TempDir
    static Path dir;
    static Table leads;

    @BeforeAll
    static void trainAModel() throws Exception {
        Path data = dir.resolve("leads.parquet");
        new LeadGenerator(5).write(5000, data);
        leads = TableReader.read(data);
        Cli.Result t = Cli.run("train", "--data", data.toString(), "--label", "converted", "--time-column", "scored_at", "--out",
                model(), "--algorithm", "logistic", "--seed", "5");
        assertEquals(0, t.exit(), t.err());
    }

    static String model() {
        return dir.resolve("model").toString();
    }

    @Test
    void badRowsGoToTheRejectsFileWithTheApisMessages() throws Exception {
        StringBuilder csv = new StringBuilder(String.join(",", leads.columnNames())).append('\n');
        Map<String, String>[] bad = badCells();
        for (int r = 0; r < 20; r++) {
            List<String> cells = new ArrayList<>();
            for (Column c : leads.columns()) {
                Object v = c.value(r);
                String text = v == null ? "" : v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : v.toString();
                cells.add(r < bad.length ? bad[r].getOrDefault(c.name(), text) : text);
            }
            csv.append(String.join(",", cells)).append(r == 10 ? "\n\n" : "\n"); // a blank line is skipped, not a row
        }
        Path in = dir.resolve("bad.csv");
        Files.writeString(in, csv);
        Path out = dir.resolve("bad-scores.parquet");
        Cli.Result s = Cli.run("score", "--model", model(), "--data", in.toString(), "--out", out.toString(), "--json");
        assertEquals(0, s.exit(), s.err());
        assertTrue(s.out().contains("\"rows\":20,\"scored\":16,\"rejected\":4,\"written\":16"), s.out());
        List<String> rejects = Files.readAllLines(dir.resolve("bad-scores.parquet.rejects.csv"));
        String id2 = leads.require("lead_id", "id").string(1);
        String id3 = leads.require("lead_id", "id").string(2);
        String id4 = leads.require("lead_id", "id").string(3);
        String id5 = leads.require("lead_id", "id").string(4);
        assertEquals(List.of("row,lead_id,field,message",
                "2," + id2 + ",website_visits,\"expected a number, got a string\"",
                "3," + id3 + ",demo_requested,\"expected true or false, got a string\"",
                "4," + id4 + ",job_level,required field is missing (expected a string)",
                "4," + id4 + ",website_visits,required field is missing (expected a number)",
                "5," + id5 + ",demo_requested,\"expected true or false, got a number\""), rejects);
        assertTrue(Files.isRegularFile(out));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String>[] badCells() {
        return new Map[] {Map.of(), Map.of("website_visits", "lots"), Map.of("demo_requested", "maybe"),
                Map.of("website_visits", "", "job_level", "NA"), Map.of("demo_requested", "2")};
    }

    @Test
    void aColumnOfTheWrongTypeExits2NamingFileAndColumnAndWritesNothing() throws Exception {
        Path in = dir.resolve("wrong-type.parquet");
        write(in, leads, (c, r) -> c.name().equals("website_visits") && c.value(r) != null ? "v" + c.value(r) : c.value(r),
                Map.of("website_visits", ColumnType.CATEGORICAL));
        Path out = dir.resolve("wrong-type-scores.parquet");
        Cli.Result s = Cli.run("score", "--model", model(), "--data", in.toString(), "--out", out.toString());
        assertEquals(2, s.exit(), s.err());
        assertTrue(s.err().contains(in.toString()) && s.err().contains("column 'website_visits'"), s.err());
        assertFalse(s.err().contains("\tat "), s.err());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("wrong-type-scores")), "nothing written");
        }
        Cli.Result noId = Cli.run("score", "--model", model(), "--data", dir.resolve("leads.parquet").toString(), "--out", out.toString(),
                "--id-column", "crm_id");
        assertEquals(2, noId.exit(), noId.err());
        assertTrue(noId.err().contains("column 'crm_id'") && noId.err().contains("leads.parquet"), noId.err());
        Path rules = dir.resolve("segment-rules.yaml");
        Files.writeString(rules, "criteria:\n  - name: Segment\n    column: crm_segment\n    points:\n      - { is: enterprise, points: 10 }\n"
                + "tiers: { warm: 5, hot: 10 }\n");
        Cli.Result noRuleColumn = Cli.run("score", "--model", model(), "--data", dir.resolve("leads.parquet").toString(), "--out",
                out.toString(), "--rules", rules.toString());
        assertEquals(2, noRuleColumn.exit(), noRuleColumn.err());
        assertTrue(noRuleColumn.err().contains("column 'crm_segment'") && noRuleColumn.err().contains("segment-rules.yaml"), noRuleColumn.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aKilledRunLeavesNoOutputAndTheNextRunCleansUp() throws Exception {
        Path in = dir.resolve("big.parquet");
        List<Field> fields = fields(leads, Map.of());
        try (ParquetTableWriter w = ParquetTableWriter.create(in, fields.stream().map(Field::parquet).toList())) {
            for (int copy = 0; copy < 60; copy++) {
                for (int r = 0; r < leads.rowCount(); r++) {
                    w.write(row(leads, r, fields, (c, i) -> c.value(i)));
                }
            }
            w.commit();
        }
        Path out = dir.resolve("big-scores.parquet");
        Process p = Cli.builder("io.leadscore.cli.Leadscore", "score", "--model", model(), "--data", in.toString(), "--out", out.toString(),
                "--threads", "1").redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temps(out).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "still scoring when killed: " + Files.readString(dir.resolve("killed.log")));
        Thread.sleep(300);
        p.destroyForcibly().waitFor();
        assertFalse(Files.exists(out), "a killed run leaves no file at --out");
        Cli.Result again = Cli.run("score", "--model", model(), "--data", in.toString(), "--out", out.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(Files.isRegularFile(out));
        assertEquals(List.of(), temps(out), "no stray temporary file once a run completes");
    }

    private static List<Path> temps(Path out) throws IOException {
        try (var files = Files.list(out.getParent())) {
            return files.filter(f -> f.getFileName().toString().startsWith("." + out.getFileName() + ".tmp-")).toList();
        }
    }

    @Test
    void changedSinceWritesOnlyLeadsWhoseTierOrScoreChangedAndNewLeads() throws Exception {
        // snapshot A: every lead but the first 100; snapshot B: all, with every 7th lead's behaviour grown
        Path a = dir.resolve("snapshot-a.parquet");
        Path b = dir.resolve("snapshot-b.parquet");
        write(a, leads.select(java.util.stream.IntStream.range(100, leads.rowCount()).toArray()), (c, r) -> c.value(r), Map.of());
        write(b, leads, (c, r) -> r % 7 == 0 && Set.of("pricing_page_views", "website_visits", "emails_opened").contains(c.name())
                ? (Double) c.value(r) + 4 : c.value(r), Map.of());
        Path scoresA = dir.resolve("a.parquet");
        Path fullB = dir.resolve("b-full.csv");
        assertEquals(0, Cli.run("score", "--model", model(), "--data", a.toString(), "--out", scoresA.toString()).exit());
        assertEquals(0, Cli.run("score", "--model", model(), "--data", b.toString(), "--out", fullB.toString()).exit());
        Map<String, String[]> before = scores(Cli.run("score", "--model", model(), "--data", a.toString(), "--out",
                dir.resolve("a.csv").toString()), dir.resolve("a.csv"));
        Map<String, String[]> after = scores(null, fullB);
        for (Integer min : new Integer[] {null, 5}) {
            Set<String> expected = new TreeSet<>();
            after.forEach((id, s) -> {
                String[] old = before.get(id);
                if (old == null || !old[1].equals(s[1]) || (min != null && Math.abs(Integer.parseInt(old[0]) - Integer.parseInt(s[0])) >= min)) {
                    expected.add(id);
                }
            });
            Path changed = dir.resolve("changed-" + min + ".csv");
            List<String> args = new ArrayList<>(List.of("score", "--model", model(), "--data", b.toString(), "--out", changed.toString(),
                    "--changed-since", scoresA.toString()));
            if (min != null) {
                args.addAll(List.of("--min-score-change", min.toString()));
            }
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            Set<String> written = new TreeSet<>(scores(null, changed).keySet());
            assertEquals(expected, written, "min score change " + min);
            assertTrue(written.size() > 100 && written.size() < leads.rowCount() / 2, written.size() + " written");
        }
    }

    /** id → {score, tier} of a CSV output. */
    private static Map<String, String[]> scores(Cli.Result run, Path csv) throws IOException {
        if (run != null) {
            assertEquals(0, run.exit(), run.err());
        }
        Map<String, String[]> m = new HashMap<>();
        Table t = TableReader.read(csv);
        for (int r = 0; r < t.rowCount(); r++) {
            m.put(t.require("lead_id", "id").string(r), new String[] {Long.toString((long) t.require("score", "s").number(r)),
                    t.require("tier", "t").string(r)});
        }
        return m;
    }

    private record Field(Column column, ColumnType type) {
        ParquetTableWriter.Field parquet() {
            return new ParquetTableWriter.Field(column.name(), type, true);
        }
    }

    private static List<Field> fields(Table t, Map<String, ColumnType> types) {
        return t.columns().stream().map(c -> new Field(c, types.getOrDefault(c.name(), c.type()))).toList();
    }

    private static Object[] row(Table t, int r, List<Field> fields, BiFunction<Column, Integer, Object> value) {
        Object[] v = new Object[fields.size()];
        for (int i = 0; i < v.length; i++) {
            Object x = value.apply(fields.get(i).column(), r);
            v[i] = x instanceof Instant at ? at.toEpochMilli() : x instanceof Boolean && fields.get(i).type() == ColumnType.NUMERIC ? null : x;
        }
        return v;
    }

    private static void write(Path p, Table t, BiFunction<Column, Integer, Object> value, Map<String, ColumnType> types) {
        List<Field> fields = fields(t, types);
        try (ParquetTableWriter w = ParquetTableWriter.create(p, fields.stream().map(Field::parquet).toList())) {
            for (int r = 0; r < t.rowCount(); r++) {
                w.write(row(t, r, fields, value));
            }
            w.commit();
        }
    }
}
