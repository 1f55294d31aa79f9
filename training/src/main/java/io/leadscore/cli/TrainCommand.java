package io.leadscore.cli;

import io.leadscore.data.DataException;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureDefinitionsParser;
import io.leadscore.mlflow.RunParameters;
import io.leadscore.model.ModelCard;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.SegmentsInfo;
import io.leadscore.training.SegmentedTraining;
import io.leadscore.training.Hashing;
import io.leadscore.training.Recipe;
import io.leadscore.training.TierPolicy;
import io.leadscore.training.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import io.leadscore.spark.SparkTrainingRun;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadscore train}: trains a model and writes its directory atomically. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a calibrated conversion model on a .csv or .parquet file and write DIR "
                + "(model.tribuo, model-card.json, scorecard.yaml; with --segment-by also segments/<value>/).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "Training data (.csv or .parquet; with --engine spark, Parquet files or "
            + "directories, local or a Hadoop URI).")
    String data;

    @Option(names = "--label", required = true, description = "Outcome column (1/0, true/false, yes/no).")
    String label;

    @Option(names = "--out", required = true, description = "Model directory to write.")
    Path out;

    @Option(names = "--algorithm",
            description = "logistic (L2 logistic regression), xgboost (gradient-boosted trees) or auto (the one with the "
                    + "lower cross-validated log-loss; the default); with --engine spark: logistic (the default there) or gbt "
                    + "(Spark's gradient-boosted trees).")
    Algorithm algorithm;

    @Option(names = "--calibration-rows", defaultValue = Recipe.CROSS_FIT,
            description = "cross-fit: calibrate on the search's out-of-fold predictions over the whole training window; slice: "
                    + "on the newest 16%% of the rows only (not used to fit). Default: ${DEFAULT-VALUE}.")
    String calibrationRows;

    @Option(names = "--refit-all", negatable = true, defaultValue = "" + TrainingRun.DEFAULT_REFIT_ALL, fallbackValue = "true",
            description = "Refit the served model, with the chosen settings and calibration, on every row including the holdout; "
                    + "the holdout metrics stay those of the same recipe fitted without the holdout (default: ${DEFAULT-VALUE}).")
    boolean refitAll;

    @Option(names = "--calibration", defaultValue = "platt", description = "platt, isotonic or none (default: ${DEFAULT-VALUE}).")
    CalibrationMethod calibration;

    @Option(names = "--time-column", description = "Split by time: the newest 20%% by this column is the holdout.")
    String timeColumn;

    @Option(names = "--exclude", split = ",", description = "Columns not to use (e.g. ones only known after the outcome).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hot-capacity", description = "Share of leads that are hot, e.g. 5%% (default 10%%).")
    String hotCapacity;

    @Option(names = "--warm-capacity", description = "Share of leads that are warm, below the hot ones (default 30%%).")
    String warmCapacity;

    @Option(names = "--hot-threshold", description = "Probability from which a lead is hot (instead of capacity tiers).")
    Double hotThreshold;

    @Option(names = "--warm-threshold", description = "Probability from which a lead is warm (with --hot-threshold).")
    Double warmThreshold;

    @Option(names = "--min-positives", defaultValue = "" + TrainingRun.DEFAULT_MIN_POSITIVES,
            description = "Refuse to train with fewer converted leads in the training window (default: ${DEFAULT-VALUE}).")
    int minPositives;

    @Mixin
    TrackingOptions tracking;

    @Mixin
    EngineOptions engine;

    @Option(names = "--features", description = "Feature definitions (features.yaml) the data was built with: the model uses exactly these "
            + "features, and the file is copied into DIR so that serving computes them from events.")
    Path features;

    @Option(names = "--segment-by", description = "Also train one model per value of this column (e.g. team, source, country) on that "
            + "value's rows; a value keeps its own model when it has --min-positives converted leads in its training window and its "
            + "model beats the pooled model on its holdout (AUC and log-loss), else the pooled model (trained on every row) serves it, "
            + "as it serves values never seen. All in DIR: the pooled model at the top, segments/<value>/ beside it.")
    String segmentBy;

    @Option(names = "--allow-leaky-features", description = "Train even if a feature alone predicts the outcome almost perfectly (holdout AUC > 0.99).")
    boolean allowLeakyFeatures;

    /** Algorithms {@code train} offers. */
    enum Algorithm { logistic, xgboost, auto, gbt }

    /** Calibration methods. */
    enum CalibrationMethod { platt, isotonic, none }

    @Override
    public Integer call() throws java.io.IOException {
        boolean spark = engine.spark();
        if (algorithm == null) {
            algorithm = spark ? Algorithm.logistic : Algorithm.auto;
        }
        if (!List.of(Recipe.CROSS_FIT, Recipe.SLICE).contains(calibrationRows)) {
            throw new DataException("--calibration-rows", "expected cross-fit or slice, got '" + calibrationRows + "'");
        }
        FeatureDefinitions defs = features == null ? null : FeatureDefinitionsParser.parse(features);
        TrainingRun.Options options = new TrainingRun.Options(spark ? null : Path.of(data), label, timeColumn, List.copyOf(exclude), seed,
                algorithm.name(), calibration.name(), tierPolicy(), minPositives, defs, allowLeakyFeatures,
                calibrationRows, !spark && refitAll);
        ModelCard trained;
        if (segmentBy != null) {
            if (spark) {
                throw new DataException("--segment-by", "is for the java engine (--engine java)");
            }
            trained = trainSegmented(options, defs);
        } else if (spark) {
            SparkTrainingRun.requireSupported(options);
            SparkTrainingRun.Result r;
            try (SparkSession session = engine.startSpark("train")) {
                r = SparkTrainingRun.train(session, data, options);
            }
            trained = r.card();
            ModelDirectory.save(out, r.function(), withDefinitions(trained, defs), features, Map.of());
        } else {
            if (algorithm == Algorithm.gbt) {
                throw new DataException("--algorithm", "gbt is Spark's gradient-boosted trees (--engine spark); the Java engine offers xgboost");
            }
            TrainingRun.Result r = TrainingRun.train(options);
            trained = r.card();
            ModelDirectory.save(out, r.model(), withDefinitions(trained, defs), features,
                    Map.of(ModelDirectory.SCORECARD_FILE, r.scorecardYaml()));
        }
        report(trained);
        tracking.publish(out, withDefinitions(trained, defs), new RunParameters(algorithm.name(), seed, label, timeColumn, exclude));
        return 0;
    }

    /** Trains the pooled and the segment models and writes them as one directory; returns the top card. */
    private ModelCard trainSegmented(TrainingRun.Options options, FeatureDefinitions defs) throws java.io.IOException {
        SegmentedTraining.Result r = SegmentedTraining.train(options, segmentBy);
        Path target = out.toAbsolutePath();
        Path staging = target.resolveSibling("." + target.getFileName() + ".segments-" + ProcessHandle.current().pid());
        try {
            ModelDirectory.deleteTree(staging);
            Map<String, Path> directories = new LinkedHashMap<>();
            for (SegmentedTraining.Trained t : r.served()) {
                Path dir = staging.resolve(t.directory());
                ModelDirectory.save(dir, t.result().model(), withDefinitions(t.result().card(), defs), features,
                        Map.of(ModelDirectory.SCORECARD_FILE, t.result().scorecardYaml()));
                directories.put(t.directory(), dir);
            }
            ModelDirectory.save(out, r.pooled().model(), withDefinitions(r.pooledCard(), defs), features,
                    Map.of(ModelDirectory.SCORECARD_FILE, r.pooled().scorecardYaml()), directories);
        } finally {
            ModelDirectory.deleteTree(staging);
        }
        return r.pooledCard();
    }

    private ModelCard withDefinitions(ModelCard card, FeatureDefinitions defs) {
        return defs == null ? card : card.withFeatureDefinitions(new ModelCard.FeatureSource(ModelDirectory.FEATURES_FILE,
                features.toString(), Hashing.sha256(features), defs.name(), defs.names()));
    }

    private void report(ModelCard card) {
        Map<String, Object> m = card.holdoutMetrics();
        System.out.printf("trained %s on %,d rows (%s split; holdout %,d rows)%s%n", card.modelVersion(),
                card.split().trainRows(), card.split().method(), card.split().holdoutRows(),
                ModelCard.SPARK.equals(card.engine()) ? " with Spark MLlib (" + card.parameters().get("spark_master") + ")" : "");
        System.out.printf("holdout: AUC %.4f%s  PR-AUC %.4f  log-loss %.4f  ECE %.4f  lift@10%% %.2f%n",
                m.get("auc"), interval(m.get("auc_interval")), m.get("pr_auc"), m.get("log_loss"), m.get("ece"), m.get("lift_at_10pct"));
        if (card.holdoutMetricsFrom() != null) {
            System.out.println("holdout metrics from " + card.holdoutMetricsFrom() + "; the served model was fitted on "
                    + String.format("%,d", ((Number) card.parameters().get("fit_rows")).longValue()) + " rows");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> sc = (Map<String, Object>) m.get("scorecard");
        if (sc != null) {
            System.out.printf("learned scorecard (%s): holdout AUC %.4f%n", ModelDirectory.SCORECARD_FILE, sc.get("auc"));
        }
        System.out.println("chosen: " + card.algorithm() + " " + card.parameters().get("chosen")
                + "; calibration " + card.calibration().method() + "; tiers: " + card.tiers().method());
        if (!card.droppedColumns().isEmpty()) {
            System.out.println("not used as features: " + card.droppedColumns());
        }
        String targetEncoded = card.features().inputs().stream().filter(in -> in.targetEncoding() != null)
                .map(in -> String.format("%s (%,d levels, %,d of them also one-hot)", in.name(), in.targetEncoding().levels().size(),
                        in.levels().size()))
                .collect(java.util.stream.Collectors.joining(", "));
        if (!targetEncoded.isEmpty()) {
            System.out.println("target-encoded (each level's conversion rate; out of fold on the fit rows): " + targetEncoded);
        }
        if (card.segments() != null) {
            System.out.println("segments by " + card.segments().column() + ":");
            for (SegmentsInfo.Segment s : card.segments().values()) {
                System.out.printf("  %-20s %,7d rows %,6d converted  served by %-7s  %s%n", s.value(), s.rows(), s.positives(), s.servedBy(), s.reason());
            }
        }
        System.out.println("wrote " + out);
    }

    /** " (95% interval 0.81–0.86)" from the card's {@code auc_interval}, or "". */
    static String interval(Object auc) {
        if (!(auc instanceof Map<?, ?> m) || !(m.get("low") instanceof Number lo) || !(m.get("high") instanceof Number hi)) {
            return "";
        }
        return String.format(" (%.0f%% interval %.3f–%.3f)", 100 * ((Number) m.get("level")).doubleValue(), lo.doubleValue(), hi.doubleValue());
    }

    private TierPolicy tierPolicy() {
        if (hotThreshold != null || warmThreshold != null) {
            if (hotThreshold == null || warmThreshold == null || hotCapacity != null || warmCapacity != null) {
                throw new DataException("--hot-threshold", "give both --hot-threshold and --warm-threshold, and no capacity options");
            }
            try {
                return TierPolicy.thresholds(warmThreshold, hotThreshold);
            } catch (IllegalArgumentException e) {
                throw new DataException("--hot-threshold", e.getMessage());
            }
        }
        try {
            return TierPolicy.capacity(share("--hot-capacity", hotCapacity, 0.10), share("--warm-capacity", warmCapacity, 0.30));
        } catch (IllegalArgumentException e) {
            throw new DataException("--hot-capacity", e.getMessage());
        }
    }

    /** "5%" or "0.05" → 0.05. */
    static double share(String option, String text, double fallback) {
        if (text == null) {
            return fallback;
        }
        String t = text.trim();
        try {
            double v = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100 : Double.parseDouble(t);
            if (!(v > 0 && v <= 1)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DataException(option, "expected a share such as 5% or 0.05, got '" + text + "'");
        }
    }
}
