package io.leadscore.spark;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.features.FeatureEncoding;
import io.leadscore.features.LeadRecord;
import io.leadscore.model.FeatureProfile;
import io.leadscore.model.ModelCard;
import io.leadscore.model.ScoringFunction;
import io.leadscore.training.DefinedFeatures;
import io.leadscore.training.HistoryChecks;
import io.leadscore.training.ModelResults;
import io.leadscore.training.Split;
import io.leadscore.training.TrainingData;
import io.leadscore.training.TrainingRun;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code train --engine spark}: Spark MLlib's {@code LogisticRegression} or {@code GBTClassifier}
 * with everything else shared with the Tribuo path ({@link TrainingRun}): the choice of inputs
 * ({@link TrainingData#roleOf}, {@link TrainingData#reasonToDrop}, {@link DefinedFeatures}), the
 * leakage guard ({@link SparkLeakyFeatures}), the
 * time split (newest 20% held out, the newest 20% of the training window calibrates, the oldest
 * 64% fits; ties in time ordered by part file and row, the Java reader's order), the encoding
 * ({@link SparkEncoding}, stored in the card), the history checks, the calibration, tiers and
 * holdout metrics ({@link ModelResults}; the calibration, training-window and holdout rows' raw
 * probabilities are brought to the driver, one double each), and the model card. The model is
 * exported to serving's pure-Java format ({@link SparkModelExport}). Parameters are fixed (no
 * search) and recorded in the card; every random step is seeded.
 */
public final class SparkTrainingRun {
    /** The algorithms of the Spark engine. */
    public static final List<String> ALGORITHMS = List.of("logistic", "gbt");
    /** Logistic regression: L2 strength (Spark's regParam on the mean log-loss), iterations, tolerance. */
    static final double LOGISTIC_REG = 1e-4;
    static final int LOGISTIC_ITERATIONS = 200;
    static final double LOGISTIC_TOLERANCE = 1e-8;
    /** Boosted trees: rounds, depth, learning rate, bins. */
    static final int GBT_TREES = 60;
    static final int GBT_DEPTH = 5;
    static final double GBT_STEP = 0.1;
    static final int GBT_BINS = 32;
    /** Feature profiles (drift baselines) are counted on at most about this many training-window rows, brought to the driver. */
    static final long PROFILE_ROWS = 100_000;

    static final String T = "_t";
    static final String Y = "_y";
    static final String FILE = "_file";
    static final String ROW = "_row";
    static final String PART = "_part";
    static final int FIT = 0;
    static final int CALIBRATION = 1;
    static final int HOLDOUT = 2;

    /**
     * A trained and exported model.
     *
     * @param function the exported scoring function (what serving runs)
     * @param card its model card ({@code engine: spark})
     * @param sparkModel the Spark model it was exported from
     */
    public record Result(ScoringFunction function, ModelCard card, Model<?> sparkModel) {
    }

    private SparkTrainingRun() {
    }

    /** Checks the options the Spark engine needs before Spark starts (exit 2 with a message otherwise). */
    public static void requireSupported(TrainingRun.Options o) {
        if (!ALGORITHMS.contains(o.algorithm())) {
            throw new DataException("--algorithm", "'" + o.algorithm() + "' is not available with --engine spark (it offers "
                    + String.join(" and ", ALGORITHMS) + "; xgboost and auto train on the Java engine)");
        }
        if (o.timeColumn() == null) {
            throw new DataException("--time-column", "--engine spark splits by time: give --time-column (the Java engine also offers a "
                    + "seeded random split)");
        }
    }

    /**
     * Trains on {@code location} (a Parquet file or directory; a local path or a Hadoop URI).
     *
     * @param o the run's options ({@code o.data()} is not read; {@code location} is)
     */
    public static Result train(SparkSession spark, String location, TrainingRun.Options o) {
        requireSupported(o);
        if (location.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(csv|tsv|txt)/?$")) {
            throw new DataException(location, "--engine spark reads Parquet (a file or a directory of part files); train CSV with --engine java");
        }
        SparkTables table = SparkTables.open(spark, location);
        List<String> columns = Arrays.stream(table.data().columns()).toList();
        for (String e : o.exclude()) {
            if (!table.has(e)) {
                throw new DataException(location, null, e, "--exclude names a column the file does not have; it has: " + String.join(", ", columns));
            }
        }
        ColumnType labelType = table.require(o.label(), Set.of(ColumnType.NUMERIC, ColumnType.BOOLEAN, ColumnType.CATEGORICAL), "label");
        ColumnType timeType = table.require(o.timeColumn(), Set.of(ColumnType.TIMESTAMP, ColumnType.NUMERIC),
                "the time column must hold dates, timestamps or numbers");

        // Inputs by name and type, then by their values.
        Map<String, ColumnType> types = new LinkedHashMap<>();
        Map<String, String> dropped = new LinkedHashMap<>();
        for (String c : columns) {
            ColumnType type = table.typeOf(c);
            String why = type == null ? "unsupported column type" : TrainingData.roleOf(c, type, o.label(), o.timeColumn(), o.exclude());
            if (why == null) {
                types.put(c, type);
            } else {
                dropped.put(c, why);
            }
        }
        List<Column> base = new ArrayList<>();
        base.add(col("_metadata.file_name").as(FILE));
        base.add(col("_metadata.row_index").as(ROW));
        base.add((timeType == ColumnType.TIMESTAMP ? table.millis(o.timeColumn()).cast("double") : table.value(o.timeColumn())).as(T));
        base.add(SparkLabels.of(o.label(), labelType).as(Y));
        base.add(col(o.label()).as("_label_raw"));
        types.keySet().forEach(c -> base.add(table.value(c).as(c)));
        Dataset<Row> rows = table.data().select(base.toArray(Column[]::new));
        SparkInputs.requireLabelsAndTimes(rows, location, o);

        List<String> inputs = SparkInputs.chooseInputs(rows, types, dropped);
        if (inputs.isEmpty()) {
            throw new DataException(location, "no usable feature columns left (dropped: " + dropped + ")");
        }
        if (o.features() != null) {
            DefinedFeatures.Restricted r = DefinedFeatures.restrict(location, columns, inputs, dropped, o.features());
            inputs = r.inputs();
            dropped.clear();
            dropped.putAll(r.dropped());
        }

        // The time split, exactly as Split.byTime and TrainingRun cut it.
        long n = rows.count();
        double cutoff = rows.select(col(T)).orderBy(col(T)).offset((int) Split.cutoffIndex(n)).limit(1).first().getDouble(0);
        Column held = col(T).geq(lit(cutoff));
        Row w = rows.agg(sum(when(held, 0).otherwise(1)), sum(when(held, 0).otherwise(col(Y))), min(when(held.unary_$bang(), col(T))),
                max(when(held.unary_$bang(), col(T))), sum(when(held, 1).otherwise(0)), sum(when(held, col(Y)).otherwise(0)),
                max(when(held, col(T))), sum(col(Y))).first();
        long trainRows = w.getLong(0);
        long holdRows = w.getLong(4);
        if (trainRows == 0 || holdRows == 0) {
            throw new DataException(location, null, o.timeColumn(), "cannot split by time: every row has the same time");
        }
        HistoryChecks.requireHistory(location, o.label(), w.getLong(1), trainRows, o.minPositives());
        HistoryChecks.requireBothClasses(location, o.label(), w.getLong(5), holdRows, "holdout");
        SparkLeakyFeatures.check(rows, col(Y), held, inputs, types, location, o.allowLeakyFeatures());
        ModelCard.SplitInfo split = Split.timeInfo(o.timeColumn(), timeType == ColumnType.TIMESTAMP, cutoff, w.getDouble(2), w.getDouble(3),
                w.getDouble(6), trainRows, holdRows);
        Row boundary = rows.filter(held.unary_$bang()).select(col(T), col(FILE), col(ROW)).orderBy(col(T), col(FILE), col(ROW))
                .offset((int) TrainingRun.fitRowCount(trainRows)).limit(1).first();
        Column calibrates = col(T).gt(lit(boundary.getDouble(0))).or(col(T).equalTo(lit(boundary.getDouble(0))).and(
                col(FILE).gt(lit(boundary.getString(1))).or(col(FILE).equalTo(lit(boundary.getString(1))).and(col(ROW).geq(lit(boundary.getLong(2)))))));
        Dataset<Row> parts = rows.withColumn(PART, when(held, lit(HOLDOUT)).when(calibrates, lit(CALIBRATION)).otherwise(lit(FIT)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return fit(spark, location, o, parts, inputs, types, dropped, split, n, w.getLong(7));
        } finally {
            parts.unpersist();
        }
    }

    private static Result fit(SparkSession spark, String location, TrainingRun.Options o, Dataset<Row> parts, List<String> inputs,
                              Map<String, ColumnType> types, Map<String, String> dropped, ModelCard.SplitInfo split, long rows, long positives) {
        Dataset<Row> fitRows = parts.filter(col(PART).equalTo(FIT));
        FeatureEncoding encoding = SparkEncoding.fit(fitRows, inputs, types);
        Dataset<Row> encoded = parts.select(col(PART), col(Y).cast("double").as("label"), SparkEncoding.encode(encoding).as("features"));
        Dataset<Row> fitData = encoded.filter(col(PART).equalTo(FIT));
        Map<String, Object> chosen = new LinkedHashMap<>();
        Model<?> model;
        if (o.algorithm().equals("logistic")) {
            chosen.put("reg_param", LOGISTIC_REG);
            chosen.put("max_iter", LOGISTIC_ITERATIONS);
            chosen.put("tol", LOGISTIC_TOLERANCE);
            model = new LogisticRegression().setFamily("binomial").setRegParam(LOGISTIC_REG).setElasticNetParam(0.0)
                    .setMaxIter(LOGISTIC_ITERATIONS).setTol(LOGISTIC_TOLERANCE).setStandardization(false).fit(fitData);
        } else {
            chosen.put("trees", GBT_TREES);
            chosen.put("max_depth", GBT_DEPTH);
            chosen.put("step_size", GBT_STEP);
            chosen.put("max_bins", GBT_BINS);
            chosen.put("subsampling_rate", 1.0);
            model = new GBTClassifier().setLossType("logistic").setMaxIter(GBT_TREES).setMaxDepth(GBT_DEPTH).setStepSize(GBT_STEP)
                    .setMaxBins(GBT_BINS).setSubsamplingRate(1.0).setFeatureSubsetStrategy("all").setSeed(o.seed()).fit(fitData);
        }
        Vector mean = (Vector) fitData.select(Summarizer.mean(col("features"))).first().get(0);
        String[] names = encoding.featureNames();
        Map<String, Double> means = new LinkedHashMap<>();
        for (int j = 0; j < names.length; j++) {
            means.put(names[j], mean.apply(j));
        }
        ScoringFunction function = SparkModelExport.of(model, mean.toArray());

        SparkRawProbabilities raw = SparkRawProbabilities.collect(model.transform(encoded));
        HistoryChecks.requireBothClasses(location, o.label(), raw.calibrationPositives(), raw.calibration.size(), "calibration");
        ModelResults results = ModelResults.of(o.calibration(), raw.calibration.values(), raw.calibrationY.ints(),
                ModelResults.calibrationWindow(raw.calibration.size(), true), o.tiers(), raw.window.values(), raw.holdout.values(),
                raw.holdoutY.ints());

        String sha = SparkTables.sha256(spark, location);
        String version = TrainingRun.modelVersion(o.algorithm(), sha, o, "spark" + chosen);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("algorithm_requested", o.algorithm());
        parameters.put("engine", ModelCard.SPARK);
        parameters.put("spark_master", spark.sparkContext().master());
        parameters.put("chosen", chosen);
        parameters.put("search_space", "none: --engine spark trains with fixed parameters");
        parameters.put("fit_rows", raw.window.size() - raw.calibration.size());
        parameters.put("minimum_history", TrainingRun.minimumHistory(o.minPositives(), raw.windowPositives));
        List<FeatureProfile> profiles = FeatureProfile.of(encoding, profileRows(parts, inputs, raw.window.size(), o.seed(), parameters));
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("spark", spark.version());
        libraries.put("scala", scala.util.Properties.versionNumberString());
        ModelCard card = new ModelCard("leadscore-" + o.algorithm(), version, TrainingRun.now(), o.algorithm(), o.label(), o.seed(),
                new ModelCard.DataInfo(location, sha, rows, positives), split, dropped, encoding, TrainingRun.descriptions(inputs, o.features()),
                means, results.calibration(), results.tiers(), results.metrics(), parameters, TrainingRun.libraries(libraries))
                .withFeatureProfiles(profiles)
                .withEngine(ModelCard.SPARK);
        return new Result(function, card, model);
    }

    /**
     * The training-window rows the feature profiles are counted on ({@link FeatureProfile#of}, the
     * Java engine's code): all of them up to {@link #PROFILE_ROWS}, else a seeded sample of about
     * that many (noted in the card's parameters).
     */
    private static List<LeadRecord> profileRows(Dataset<Row> parts, List<String> inputs, long windowRows, long seed,
                                                Map<String, Object> parameters) {
        Dataset<Row> window = parts.filter(col(PART).notEqual(HOLDOUT)).select(inputs.stream().map(c -> col(c)).toArray(Column[]::new));
        if (windowRows > PROFILE_ROWS) {
            window = window.sample(false, (double) PROFILE_ROWS / windowRows, seed);
        }
        List<LeadRecord> rows = new ArrayList<>();
        for (Row r : window.collectAsList()) {
            rows.add(SparkEncoding.lead(r));
        }
        if (windowRows > PROFILE_ROWS) {
            parameters.put("feature_profiles", "counted on a seeded sample of " + rows.size() + " of the " + windowRows + " training-window rows");
        }
        return rows;
    }
}
