package io.leadscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.Column;
import io.leadscore.data.ParquetTableWriter;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.events.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leadscore features build} on a generated history, as a user runs it. */
class FeaturesBuildCliTest {
    static final String FEATURES = Path.of("..", "features", "features.yaml").toString();

    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() throws Exception {
        Cli.Result g = Cli.run("generate", "--leads", "3000", "--seed", "5", "--out", dir.resolve("h").toString());
        assertEquals(0, g.exit(), g.err());
        assertTrue(Files.isRegularFile(dir.resolve("h/events.parquet")));
    }

    private static Cli.Result build(Path events, Path out, String... extra) throws Exception {
        String[] base = {"features", "build", "--events", events.toString(), "--leads", dir.resolve("h/leads.parquet").toString(),
            "--features", FEATURES, "--label-window", "30d", "--out", out.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    @Test
    void buildsSnapshotsThatTrainRunsOn() throws Exception {
        Path out = dir.resolve("train.parquet");
        Cli.Result b = build(dir.resolve("h/events.parquet"), out, "--snapshot-every", "7d");
        assertEquals(0, b.exit(), b.err());
        Matcher m = Pattern.compile("wrote ([\\d,]+) rows for ([\\d,]+) leads").matcher(b.out());
        assertTrue(m.find(), b.out());
        long rows = Long.parseLong(m.group(1).replace(",", ""));
        assertEquals(3000, Long.parseLong(m.group(2).replace(",", "")));
        assertTrue(rows > 3000 * 3, "several snapshots per lead: " + rows);
        Table t = TableReader.read(out);
        assertEquals(rows, t.rowCount());
        Cli.Result train = Cli.run("train", "--data", out.toString(), "--label", "converted_within_30d", "--time-column", "scored_at",
                "--out", dir.resolve("m").toString());
        assertEquals(0, train.exit(), train.err());
    }

    @Test
    void eventsAfterScoringChangeNothing() throws Exception {
        Table leads = TableReader.read(dir.resolve("h/leads.parquet"));
        Map<String, Double> scoredAt = new HashMap<>();
        for (int r = 0; r < leads.rowCount(); r++) {
            scoredAt.put(leads.require("lead_id", "x").string(r), leads.require("scored_at", "x").number(r));
        }
        Table events = TableReader.read(dir.resolve("h/events.parquet"));
        Path past = dir.resolve("past-events.parquet");
        long dropped = 0;
        try (var w = ParquetTableWriter.create(past, Event.parquetFields())) {
            for (int r = 0; r < events.rowCount(); r++) {
                if (events.require("ts", "x").number(r) >= scoredAt.get(events.require("lead_id", "x").string(r))) {
                    dropped++;
                    continue;
                }
                Object[] row = new Object[events.columnNames().size()];
                int i = 0;
                for (Column c : events.columns()) {
                    Object v = c.value(r);
                    row[i++] = v instanceof java.time.Instant in ? (Object) in.toEpochMilli() : v;
                }
                w.write(row);
            }
            w.commit();
        }
        assertTrue(dropped > 3000, "the generated log has later events: " + dropped);
        assertEquals(0, build(dir.resolve("h/events.parquet"), dir.resolve("all.parquet")).exit());
        assertEquals(0, build(past, dir.resolve("past.parquet")).exit());
        Table a = TableReader.read(dir.resolve("all.parquet"));
        Table b = TableReader.read(dir.resolve("past.parquet"));
        assertEquals(a.columnNames(), b.columnNames());
        for (Column c : a.columns()) {
            for (int r = 0; r < a.rowCount(); r++) {
                assertEquals(c.value(r), b.require(c.name(), "x").value(r), c.name() + " row " + r);
            }
        }
    }

    @Test
    void badInputExitsWithTwoAndNamesTheProblem() throws Exception {
        Path out = dir.resolve("bad.parquet");
        Cli.Result r = build(dir.resolve("h/events.parquet"), out, "--snapshot-every", "weekly");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--snapshot-every: must be a duration like 7d"), r.err());
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "features:\n  - name: x\n    kind: count\n    event: visit\n    window: 3 weeks\n    description: d\n    owner: o\n");
        Cli.Result f = Cli.run("features", "build", "--events", dir.resolve("h/events.parquet").toString(), "--leads",
                dir.resolve("h/leads.parquet").toString(), "--features", broken.toString(), "--out", out.toString());
        assertEquals(2, f.exit());
        assertTrue(f.err().startsWith("error: " + broken + ", line 5: window '3 weeks'"), f.err());
        Cli.Result swapped = Cli.run("features", "build", "--events", dir.resolve("h/leads.parquet").toString(), "--leads",
                dir.resolve("h/leads.parquet").toString(), "--features", FEATURES, "--out", out.toString());
        assertEquals(2, swapped.exit());
        assertTrue(swapped.err().contains("column 'ts': no such column"), swapped.err());
        assertFalse(Files.exists(out));
    }
}
