package io.leadscore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.cli.Cli;
import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.ParquetTableWriter;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.synthetic.LeadGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score --engine spark} writes what the Java engine writes: the same rows in the same order
 * (a directory of three input parts), every column equal (probabilities to 1e-12), and the same
 * rejects.
 */
class SparkScoringParityTest {
    private static final String RULES = Path.of("..", "rules", "default-rules.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void sparkAndJavaEnginesWriteTheSameScores() throws Exception {
        Path leads = dir.resolve("leads.parquet");
        new LeadGenerator(31).write(3000, leads);
        Path model = dir.resolve("model");
        Cli.Result t = Cli.run("train", "--data", leads.toString(), "--label", "converted", "--time-column", "scored_at", "--out",
                model.toString(), "--algorithm", "logistic", "--seed", "31");
        assertEquals(0, t.exit(), t.err());
        // three parts; demo_requested as numbers, a few of them neither 0 nor 1 (rejected, as the API would)
        Path parts = Files.createDirectory(dir.resolve("parts.parquet"));
        Table table = TableReader.read(leads);
        for (int part = 0; part < 3; part++) {
            writePart(parts.resolve("part-0000" + part + ".parquet"), table, part * 1000, part * 1000 + 1000);
        }
        String at = "2026-01-02T03:04:05Z";
        Path javaOut = dir.resolve("java.parquet");
        Path sparkOut = dir.resolve("spark.parquet");
        Cli.Result j = Cli.run("score", "--model", model.toString(), "--data", parts.toString(), "--out", javaOut.toString(), "--rules", RULES,
                "--scored-at", at, "--json");
        assertEquals(0, j.exit(), j.err());
        Cli.Result s = Cli.run("score", "--engine", "spark", "--master", "local[2]", "--model", model.toString(), "--data", parts.toString(),
                "--out", sparkOut.toString(), "--rules", RULES, "--scored-at", at, "--json");
        assertEquals(0, s.exit(), s.err());
        assertTrue(j.out().contains("\"rows\":3000,\"scored\":2994,\"rejected\":6,\"written\":2994"), j.out());
        assertTrue(s.out().contains("\"rows\":3000,\"scored\":2994,\"rejected\":6,\"written\":2994"), s.out());
        assertTrue(Files.isDirectory(sparkOut), "a Parquet directory");
        assertEquals(Files.readAllLines(dir.resolve("java.parquet.rejects.csv")), Files.readAllLines(dir.resolve("spark.parquet.rejects.csv")));
        assertEquals(7, Files.readAllLines(dir.resolve("java.parquet.rejects.csv")).size());

        List<GenericRecord> java = read(List.of(javaOut));
        List<Path> sparkParts;
        try (var files = Files.list(sparkOut)) {
            sparkParts = files.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        List<GenericRecord> spark = read(sparkParts);
        assertEquals(2994, java.size());
        assertEquals(java.size(), spark.size());
        List<String> columns = java.get(0).getSchema().getFields().stream().map(Schema.Field::name).toList();
        assertEquals(columns, spark.get(0).getSchema().getFields().stream().map(Schema.Field::name).toList());
        for (int i = 0; i < java.size(); i++) {
            for (String c : columns) {
                Object a = java.get(i).get(c);
                Object b = spark.get(i).get(c);
                String where = "row " + i + " column " + c;
                if (c.equals("probability")) {
                    assertEquals((double) a, (double) b, 1e-12, where);
                } else if (c.equals("reasons")) {
                    assertEquals(reasons(a), reasons(b), where);
                } else {
                    assertEquals(String.valueOf(a), String.valueOf(b), where);
                }
            }
        }
        assertEquals(Instant.parse(at).toEpochMilli(), (long) java.get(0).get("scored_at"));
    }

    private static List<String> reasons(Object list) {
        List<String> out = new ArrayList<>();
        for (Object r : (List<?>) list) {
            GenericRecord g = (GenericRecord) r;
            out.add(g.get("feature") + "|" + g.get("value") + "|" + g.get("contribution") + "|" + g.get("direction") + "|" + g.get("description"));
        }
        return out;
    }

    private static List<GenericRecord> read(List<Path> files) throws Exception {
        List<GenericRecord> rows = new ArrayList<>();
        for (Path f : files) {
            try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(f))
                    .withDataModel(GenericData.get()).set("parquet.avro.add-list-element-records", "false").build()) {
                for (GenericRecord g = r.read(); g != null; g = r.read()) {
                    rows.add(g);
                }
            }
        }
        return rows;
    }

    private static void writePart(Path p, Table t, int from, int to) {
        List<ParquetTableWriter.Field> fields = new ArrayList<>();
        for (Column c : t.columns()) {
            fields.add(new ParquetTableWriter.Field(c.name(), c.name().equals("demo_requested") ? ColumnType.NUMERIC : c.type(), true));
        }
        try (ParquetTableWriter w = ParquetTableWriter.create(p, fields)) {
            for (int r = from; r < to; r++) {
                Object[] v = new Object[fields.size()];
                int i = 0;
                for (Column c : t.columns()) {
                    Object x = c.value(r);
                    if (c.name().equals("demo_requested")) {
                        x = r % 500 == 7 ? 2.0 : Boolean.TRUE.equals(x) ? 1.0 : 0.0;
                    }
                    v[i++] = x instanceof Instant in ? in.toEpochMilli() : x;
                }
                w.write(v);
            }
            w.commit();
        }
    }
}
