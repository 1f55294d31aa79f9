package io.leadscore.spark;

import static org.apache.spark.sql.functions.col;

import io.leadscore.batch.BatchRun;
import io.leadscore.batch.ParquetLeads;
import io.leadscore.batch.RejectsWriter;
import io.leadscore.batch.ScoreInputs;
import io.leadscore.batch.ScoredChunk;
import io.leadscore.data.DataException;
import io.leadscore.predict.Predictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;

/**
 * {@code leadscore score --engine spark}: scores a Parquet table with the scoring core inside
 * {@code mapPartitions} (the model directory's bytes broadcast, rebuilt once per executor), and
 * writes the same rows as the Java engine, in input order (part files in order), as a Parquet
 * directory moved into place when complete. The input's schema is checked on the driver from the
 * Parquet footers, which also number the rows (file order, then row order within a file); rejected
 * rows come back to the driver and go to {@code OUT.rejects.csv}.
 */
public final class SparkScoring {
    static final String FILE = "_ls_file";
    static final String ROW_INDEX = "_ls_row_index";

    private SparkScoring() {
    }

    /**
     * What to score.
     *
     * @param data the leads: a Parquet file or directory (any Hadoop URI)
     * @param out the output Parquet directory
     * @param model the model directory (local, read on the driver)
     * @param rules the rules file, or null
     * @param predictor the driver's predictor of the same model and rules
     * @param idColumn the column identifying each lead
     * @param scoredAt the instant written as {@code scored_at} (epoch milliseconds)
     */
    public record Options(String data, String out, Path model, Path rules, Predictor predictor, String idColumn, long scoredAt) {
    }

    public static BatchRun.Summary run(SparkSession spark, Options o) {
        long start = System.nanoTime();
        ScoreInputs inputs = new ScoreInputs(o.predictor(), o.idColumn());
        Map<String, Long> offsets = new HashMap<>();
        long rows = footers(spark.sparkContext().hadoopConfiguration(), o.data(), inputs, offsets);
        Dataset<Row> in = spark.read().parquet(o.data())
                .select(col("*"), col("_metadata.file_name").as(FILE), col("_metadata.row_index").as(ROW_INDEX));
        int[] columnOf = new int[inputs.width()];
        List<String> names = Arrays.asList(in.schema().fieldNames());
        for (int slot = 0; slot < columnOf.length; slot++) {
            columnOf[slot] = names.indexOf(slot == inputs.idSlot() ? o.idColumn() : inputs.names().get(slot));
        }
        ScoringShipment shipment = ScoringShipment.of(o.model(), o.rules(), o.predictor().topReasons());
        Broadcast<ScoringShipment> shipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(shipment);
        CollectionAccumulator<String[]> rejected = spark.sparkContext().collectionAccumulator("rejected rows");
        SparkScoreRows.Shape shape = new SparkScoreRows.Shape(o.idColumn(), o.predictor().rules() != null,
                o.predictor().model().card().modelName(), o.predictor().model().card().modelVersion(), o.scoredAt());
        SparkScoreRows fn = new SparkScoreRows(shipped, shape, columnOf, names.indexOf(FILE), names.indexOf(ROW_INDEX), offsets, rejected);
        Dataset<Row> scored = in.mapPartitions(fn, Encoders.row(SparkScoreRows.schema(shape, true))).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> ordered = scored.orderBy(col(SparkScoreRows.ROW)).drop(SparkScoreRows.ROW);
            long written = SparkOutputs.write(spark, ordered, o.out(), Dataset::count);
            TreeMap<Long, List<String[]>> byRow = new TreeMap<>();
            Map<Long, String> ids = new HashMap<>();
            for (String[] e : rejected.value()) {
                long row = Long.parseLong(e[0]);
                ids.put(row, e[1]);
                List<String[]> errors = byRow.computeIfAbsent(row, r -> new ArrayList<>());
                String[] fm = {e[2], e[3]};
                if (errors.stream().noneMatch(x -> Arrays.equals(x, fm))) { // a recomputed partition reports its rejects again
                    errors.add(fm);
                }
            }
            Path rejectsFile = null;
            if (!o.out().contains("://")) { // beside a local output; on a cluster's file system, only counted
                try (RejectsWriter w = new RejectsWriter(Path.of(o.out()), o.idColumn())) {
                    byRow.forEach((row, errors) -> w.write(new ScoredChunk.Reject(row, ids.get(row), errors)));
                    w.commit();
                    rejectsFile = byRow.isEmpty() ? null : w.path();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long rejects = byRow.size();
            return new BatchRun.Summary(rows, rows - rejects, rejects, written, seconds, rejectsFile);
        } finally {
            scored.unpersist();
        }
    }

    /** Checks every part's schema and records each part's first row (0-based); returns the number of rows. */
    private static long footers(Configuration conf, String data, ScoreInputs inputs, Map<String, Long> offsets) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(data);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                throw new DataException(data, "no such file");
            }
            List<FileStatus> parts = new ArrayList<>();
            if (fs.getFileStatus(path).isDirectory()) {
                for (FileStatus s : fs.listStatus(path)) {
                    String n = s.getPath().getName();
                    if (s.isFile() && n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")) {
                        parts.add(s);
                    }
                }
                parts.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            } else {
                parts.add(fs.getFileStatus(path));
            }
            if (parts.isEmpty()) {
                throw new DataException(data, "a directory without .parquet files");
            }
            long rows = 0;
            for (FileStatus part : parts) {
                ParquetMetadata footer;
                try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromStatus(part, conf))) {
                    footer = r.getFooter();
                } catch (IOException | RuntimeException e) {
                    throw new DataException(part.getPath().toString(), "not a readable Parquet file: " + e.getMessage());
                }
                ParquetLeads.check(part.getPath().toString(), footer.getFileMetaData().getSchema(), inputs);
                offsets.put(part.getPath().getName(), rows);
                rows += footer.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
            }
            if (rows == 0) {
                throw new DataException(data, "no data rows");
            }
            return rows;
        } catch (IOException e) {
            throw new DataException(data, "cannot read: " + e.getMessage());
        }
    }
}
