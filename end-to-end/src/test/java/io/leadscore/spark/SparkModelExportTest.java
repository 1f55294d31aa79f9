package io.leadscore.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.cli.Cli;
import io.leadscore.data.Column;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.features.InputFeature;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelCard;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.Reason;
import io.leadscore.model.Score;
import io.leadscore.synthetic.LeadGenerator;
import io.leadscore.training.Split;
import io.leadscore.training.TierPolicy;
import io.leadscore.training.TrainingRun;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark-trained model, exported into serving's model format and loaded by serving's
 * {@link ModelDirectory} / {@link ConversionModel}, reproduces Spark's own probabilities on every
 * holdout lead within 1e-6, with exact reasons; and serving's own classpath (no Spark, Hadoop,
 * Parquet or Scala) serves it over HTTP. Real Parquet, real Spark {@code local[2]}.
 */
class SparkModelExportTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path leads;

    @BeforeAll
    static void start() {
        leads = dir.resolve("leads.parquet");
        new LeadGenerator(21).write(3000, leads, null);
        spark = SparkSessions.start("local[2]", "leadscore export test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.close();
        }
    }

    static TrainingRun.Options options(String algorithm) {
        return new TrainingRun.Options(null, "converted", "scored_at", List.of(), 42, algorithm, "platt", TierPolicy.defaultCapacity(),
                TrainingRun.DEFAULT_MIN_POSITIVES, null, false);
    }

    @Test
    void logisticRegressionExportsAsTheLinearFunction() throws Exception {
        SparkTrainingRun.Result r = SparkTrainingRun.train(spark, leads.toString(), options("logistic"));
        Path model = dir.resolve("logistic");
        ModelDirectory.save(model, r.function(), r.card(), null, Map.of());
        assertReproducesSpark(model, r);
    }

    @Test
    void boostedTreesExportAsATreeEnsembleThatServingServes() throws Exception {
        SparkTrainingRun.Result r = SparkTrainingRun.train(spark, leads.toString(), options("gbt"));
        Path model = dir.resolve("gbt");
        ModelDirectory.save(model, r.function(), r.card(), null, Map.of());
        ConversionModel served = assertReproducesSpark(model, r);
        assertServedWithoutSpark(model, served);
    }

    @Test
    void aLeakyFeatureIsRefusedByNameAsOnTheJavaEngine() {
        Path data = dir.resolve("leaky.parquet");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        try (var w = io.leadscore.data.ParquetTableWriter.create(data, List.of(
                new io.leadscore.data.ParquetTableWriter.Field("t", io.leadscore.data.ColumnType.TIMESTAMP, false),
                new io.leadscore.data.ParquetTableWriter.Field("visits", io.leadscore.data.ColumnType.NUMERIC, false),
                new io.leadscore.data.ParquetTableWriter.Field("plan", io.leadscore.data.ColumnType.CATEGORICAL, false),
                new io.leadscore.data.ParquetTableWriter.Field("days_to_close", io.leadscore.data.ColumnType.NUMERIC, true),
                new io.leadscore.data.ParquetTableWriter.Field("y", io.leadscore.data.ColumnType.BOOLEAN, false)))) {
            for (int i = 0; i < 3000; i++) {
                boolean y = rnd.nextDouble() < 0.2;
                // days_to_close exists only for leads that closed: it leaks through its missingness
                w.write(new Object[] {1_700_000_000_000L + i * 60_000L, (double) (rnd.nextInt(10) + (y ? 2 : 0)), rnd.nextBoolean() ? "a" : "b",
                    y ? (double) (1 + rnd.nextInt(60)) : null, y});
            }
            w.commit();
        }
        TrainingRun.Options o = new TrainingRun.Options(null, "y", "t", List.of(), 42, "logistic", "platt", TierPolicy.defaultCapacity(),
                TrainingRun.DEFAULT_MIN_POSITIVES, null, false);
        io.leadscore.data.DataException e = org.junit.jupiter.api.Assertions.assertThrows(io.leadscore.data.DataException.class,
                () -> SparkTrainingRun.train(spark, data.toString(), o));
        assertTrue(e.getMessage().startsWith(data + ": leaky feature: days_to_close (holdout AUC 1.0000"), e.getMessage());
        assertTrue(!e.getMessage().contains("visits ("), "only the leaky feature is named: " + e.getMessage());
    }

    /** Scores every holdout lead with Spark and with the loaded export; returns the loaded model. */
    private static ConversionModel assertReproducesSpark(Path model, SparkTrainingRun.Result r) {
        ModelCard card = r.card();
        assertEquals(ModelCard.SPARK, card.engine());
        Table table = TableReader.read(leads);
        assertEquals(Split.byTime(table, "scored_at").info(), card.split(), "the same split as the Java engine");
        assertEquals(card.features().inputs().size(), card.featureProfiles().size(), "a drift baseline per input");
        assertTrue(Files.isRegularFile(model.resolve(ModelDirectory.FUNCTION_FILE)));
        ConversionModel served = ModelDirectory.load(model);
        assertNull(served.tribuoModel());

        long from = Instant.parse(card.split().holdoutFrom()).toEpochMilli();
        SparkTables t = SparkTables.open(spark, leads.toString());
        List<org.apache.spark.sql.Column> cols = new ArrayList<>();
        cols.add(col("lead_id"));
        for (InputFeature in : card.features().inputs()) {
            cols.add(t.value(in.name()).as(in.name()));
        }
        Dataset<Row> holdout = t.data().filter(t.millis("scored_at").geq(from)).select(cols.toArray(org.apache.spark.sql.Column[]::new))
                .withColumn("features", SparkEncoding.encode(card.features()));
        Map<String, Double> sparkP = new HashMap<>();
        for (Row row : ((Transformer) r.sparkModel()).transform(holdout)
                .select(col("lead_id"), functions.vector_to_array(col("probability"), "float64").getItem(1)).collectAsList()) {
            sparkP.put(row.getString(0), row.getDouble(1));
        }
        assertEquals(card.split().holdoutRows(), sparkP.size());

        Column ids = table.require("lead_id", "id");
        Column time = table.require("scored_at", "time");
        int compared = 0;
        double worst = 0;
        for (int i = 0; i < table.rowCount(); i++) {
            if (time.number(i) < from) {
                continue;
            }
            double expected = sparkP.get(ids.string(i));
            double actual = served.rawProbability(table.row(i));
            worst = Math.max(worst, Math.abs(expected - actual));
            compared++;
            if (compared % 50 == 0) {
                Score s = served.score(table.row(i), Integer.MAX_VALUE);
                double sum = s.baseLogOdds();
                for (Reason reason : s.reasons()) {
                    sum += reason.contribution();
                }
                assertEquals(s.logOdds(), sum, 1e-9, "base + reasons");
                double p = s.probability();
                if (p > 1e-6 && p < 1 - 1e-6) {
                    assertEquals(Math.log(p / (1 - p)), s.logOdds(), 1e-9, "reasons explain the calibrated log-odds exactly");
                }
            }
        }
        assertEquals(sparkP.size(), compared);
        assertTrue(worst <= 1e-6, "largest difference from Spark's probability: " + worst);
        return served;
    }

    /** Serving's own classpath (serving jar + its runtime libraries) serves the export over HTTP. */
    private static void assertServedWithoutSpark(Path model, ConversionModel local) throws Exception {
        Path serving = Path.of("..", "serving", "target").toAbsolutePath().normalize();
        Path lib = serving.resolve("lib");
        assertTrue(Files.isDirectory(lib), "package the serving module first (mvn verify builds it before training's tests)");
        List<String> jars = new ArrayList<>();
        try (Stream<Path> s = Files.list(serving)) {
            s.filter(p -> p.getFileName().toString().matches("leadscore-serving-.*\\.jar") && !p.toString().endsWith("-tests.jar"))
                    .forEach(p -> jars.add(p.toString()));
        }
        try (Stream<Path> s = Files.list(lib)) {
            s.forEach(p -> jars.add(p.toString()));
        }
        for (String j : jars) {
            String name = Path.of(j).getFileName().toString();
            assertTrue(!name.matches("(spark|hadoop|scala|parquet|mlflow).*"), "serving's classpath holds " + name);
        }
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                String.join(File.pathSeparator, jars), "io.leadscore.serving.ServeCommand", "--model", model.toString(), "--port", "0",
                "--no-auth");
        pb.redirectErrorStream(true);
        Process server = pb.start();
        try {
            String base = Cli.baseUrl(server);
            Table table = TableReader.read(leads);
            int row = table.rowCount() - 1;
            var lead = Cli.leadJson(table, row);
            HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/predict"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(lead.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, resp.statusCode(), resp.body());
            JsonNode p = JSON.readTree(resp.body());
            assertEquals(local.probability(table.row(row)), p.get("probability").asDouble(), 1e-12, "served as loaded in-process");
            assertTrue(p.get("reasons").size() > 0);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
