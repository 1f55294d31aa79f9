package io.leadscore.training;

import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.model.Calibration;
import io.leadscore.featurestore.FeatureDefinition;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.FeatureProfile;
import io.leadscore.model.ModelCard;
import io.leadscore.rules.RuleSet;
import io.leadscore.schema.LeadField;
import io.leadscore.scorecard.ScorecardLearner;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.tribuo.Model;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;

/**
 * One training run, start to finish. The data is split by time when a time column is given
 * (oldest → newest), else by seeded stratified sampling, into the <b>training window</b> (80%) and
 * the <b>holdout</b> (20%, the newest overall), which only measures.
 * <p>
 * In the training window the {@link Recipe} chooses hyper-parameters by cross-validation, fits the
 * model on the whole window and its calibration on the search's out-of-fold predictions
 * (cross-fitting; {@code --calibration-rows slice} sets the newest 16% aside instead). With
 * {@code refitAll} the served model is then fitted once more, with the same settings and calibration,
 * on every row including the holdout; the holdout metrics stay those of the recipe fitted without
 * the holdout rows, and the card says so ({@code holdout_metrics_from}).
 * Tier cut-offs, the learned scorecard and the inputs' profiles (what live drift is measured
 * against) come from the training window. Everything is described in the {@link ModelCard}.
 */
public final class TrainingRun {
    /** Share of the training window that calibrates rather than fits, with {@code --calibration-rows slice}. */
    public static final double CALIBRATION_FRACTION = 0.2;
    /** Default minimum number of converted leads in the training window. */
    public static final int DEFAULT_MIN_POSITIVES = 50;
    /** Cross-validation folds of the search. */
    public static final int FOLDS = 3;
    /** Whether the served model is refitted on every row unless told otherwise. */
    public static final boolean DEFAULT_REFIT_ALL = false;
    /** The card's {@code holdout_metrics_from} when the served model was refitted on every row. */
    public static final String METRICS_FROM_RECIPE = "the same recipe fitted without the holdout rows";
    /** The card's {@code holdout_metrics_from} when the served model is the one measured. */
    public static final String METRICS_FROM_SERVED = "the served model, fitted without the holdout rows";

    /**
     * Options of a run.
     *
     * @param data the training file
     * @param label the outcome column
     * @param timeColumn split by this time column, or null for a stratified random split
     * @param exclude columns not to use
     * @param seed the seed of every random step
     * @param algorithm logistic, xgboost or auto
     * @param calibration platt, isotonic or none
     * @param tiers how to cut probabilities into tiers
     * @param minPositives refuse to train with fewer converted leads in the training window
     * @param features feature definitions: the inputs are exactly these features (null: every usable column)
     * @param allowLeakyFeatures train even if a feature alone predicts the outcome almost perfectly
     * @param calibrationRows {@link Recipe#CROSS_FIT} or {@link Recipe#SLICE}
     * @param refitAll refit the served model on every row, the holdout included
     */
    public record Options(Path data, String label, String timeColumn, List<String> exclude, long seed,
                          String algorithm, String calibration, TierPolicy tiers, int minPositives,
                          FeatureDefinitions features, boolean allowLeakyFeatures, String calibrationRows, boolean refitAll) {
        /** The defaults: auto, Platt calibration, capacity tiers, every usable column. */
        public Options(Path data, String label, String timeColumn, List<String> exclude, long seed) {
            this(data, label, timeColumn, exclude, seed, "auto", "platt", TierPolicy.defaultCapacity(), DEFAULT_MIN_POSITIVES, null, false);
        }

        /** Cross-fitted calibration and the default refit. */
        public Options(Path data, String label, String timeColumn, List<String> exclude, long seed,
                       String algorithm, String calibration, TierPolicy tiers, int minPositives,
                       FeatureDefinitions features, boolean allowLeakyFeatures) {
            this(data, label, timeColumn, exclude, seed, algorithm, calibration, tiers, minPositives, features, allowLeakyFeatures,
                    Recipe.CROSS_FIT, DEFAULT_REFIT_ALL);
        }
    }

    /**
     * The trained model, its card, a scorer, and the learned scorecard.
     *
     * @param scorecardYaml the learned point table in the rules-file format
     * @param split the split of the rows (indexes into the table trained on)
     * @param holdoutScorer the calibrated model the holdout metrics were measured on (the served one
     *     unless it was refitted on every row)
     */
    public record Result(Model<Label> model, ModelCard card, ConversionModel scorer, RuleSet scorecard, String scorecardYaml, Split split,
                         ConversionModel holdoutScorer) {
    }

    public static Result train(Options o) {
        return train(o, TableReader.read(o.data()), Hashing.sha256(o.data()), null, "");
    }

    /**
     * A run on a table already read (e.g. one segment's rows of the file).
     *
     * @param sha the training file's SHA-256
     * @param given the split to use (e.g. a segment's share of the pooled split), or null to split as usual
     * @param versionSalt mixed into the model version ("" for none), so that models of one file differ
     */
    static Result train(Options o, Table table, String sha, Split given, String versionSalt) {
        TrainingData data = TrainingData.prepare(table, o.label(), o.timeColumn(), o.exclude());
        if (o.features() != null) {
            data = DefinedFeatures.restrict(data, o.features());
        }
        boolean byTime = o.timeColumn() != null;
        Split split = given != null ? given : byTime ? Split.byTime(table, o.timeColumn()) : Split.stratified(data.y(), o.seed());
        int[] window = split.train();
        int[] yWindow = data.labels(window);
        HistoryChecks.requireHistory(table.source(), o.label(), Evaluation.positives(yWindow), yWindow.length, o.minPositives());
        int[] yHoldout = data.labels(split.holdout());
        HistoryChecks.requireBothClasses(table.source(), o.label(), Evaluation.positives(yHoldout), yHoldout.length, "holdout");
        LeakyFeatures.check(table, data.inputs(), window, split.holdout(), yWindow, yHoldout, o.allowLeakyFeatures());

        int[] ordered = byTime ? byTime(table, o.timeColumn(), window) : window;
        Recipe recipe = Recipe.fit(table, data, o.label(), ordered, byTime, o.algorithm(), o.calibrationRows(), o.seed());
        String algorithm = recipe.search().best().algorithm();

        String version = modelVersion(algorithm, versionSalt.isEmpty() ? sha : sha + "|" + versionSalt, o, recipe.search().best().toString());
        Map<String, String> descriptions = descriptions(data.inputs(), o.features());
        ModelCard draft = new ModelCard("leadscore-" + algorithm, version, now(),
                algorithm, o.label(), o.seed(),
                new ModelCard.DataInfo(o.data().toString(), sha, table.rowCount(), Evaluation.positives(data.y())),
                split.info(), data.dropped(), recipe.encoding(), descriptions, recipe.matrix().featureMeans(),
                Calibration.none(), new ModelCard.TierCutoffs(0, 0, ""), Map.of(), Map.of(), libraries(Map.of()))
                .withFeatureProfiles(FeatureProfile.of(recipe.encoding(), Arrays.stream(window).mapToObj(table::row).toList()));
        ConversionModel measured = ConversionModel.of(recipe.model(), draft);
        FeatureEncoder fitEncoder = recipe.fitEncoder();
        ModelResults results = ModelResults.of(recipe.calibrate(o.calibration()), o.tiers(), rawProbabilities(measured, fitEncoder, table, window),
                rawProbabilities(measured, fitEncoder, table, split.holdout()), yHoldout, o.seed());
        Calibration calibration = results.calibration();
        Map<String, Object> metrics = results.metrics();

        Model<Label> served = recipe.model();
        ModelCard.TierCutoffs tiers = results.tiers();
        int servedRows = recipe.fitRows().length;
        if (o.refitAll()) {
            int[] all = concat(ordered, byTime ? byTime(table, o.timeColumn(), split.holdout()) : split.holdout());
            served = Trainers.fit(recipe.search().best(), EncodedMatrix.encode(table, all, data.labels(all), fitEncoder), o.seed());
            tiers = ModelResults.tiers(calibration, o.tiers(), rawProbabilities(ConversionModel.of(served, draft), fitEncoder, table, window));
            servedRows = all.length;
        }

        RuleSet scorecard = ScorecardLearner.learn(table, window, yWindow, data.inputs(), descriptions, o.tiers(), o.seed(),
                ScorecardLearner.class.getSimpleName());
        double[] scorecardPoints = new double[split.holdout().length];
        for (int i = 0; i < scorecardPoints.length; i++) {
            scorecardPoints[i] = scorecard.points(table.row(split.holdout()[i]));
        }
        metrics.put("scorecard", Evaluation.rankingOf(scorecardPoints, yHoldout));

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("algorithm_requested", o.algorithm());
        parameters.put("chosen", recipe.search().best().params());
        parameters.put("search_space", recipe.search().space());
        parameters.put("search", recipe.search().trials().stream().map(t -> Map.of("algorithm", t.candidate().algorithm(),
                "params", t.candidate().params(), "cv_log_loss", t.cvLogLoss())).toList());
        parameters.put("cross_validation", recipe.crossValidation(byTime));
        parameters.put("calibration_rows", o.calibrationRows());
        parameters.put("refit_all", o.refitAll());
        parameters.put("fit_rows", servedRows);
        parameters.put("minimum_history", minimumHistory(o.minPositives(), Evaluation.positives(yWindow)));
        ModelCard card = draft.withResults(calibration, tiers, metrics, parameters)
                .withHoldoutMetricsFrom(o.refitAll() ? METRICS_FROM_RECIPE : METRICS_FROM_SERVED);
        String yaml = io.leadscore.scorecard.ScorecardYaml.write(scorecard,
                "Learned by leadscore from outcomes (" + version + ", " + window.length + " training-window leads).\n"
                        + ScorecardLearner.POINTS_PER_DOUBLING + " points double the odds of converting; tiers: " + tiers.method() + ".");
        ConversionModel scorer = ConversionModel.of(served, card);
        return new Result(served, card, scorer, scorecard, yaml, split, o.refitAll() ? ConversionModel.of(recipe.model(), card) : scorer);
    }

    /** Library versions for the card: Java, Tribuo, leadscore, and {@code extra} (e.g. Spark's). */
    public static Map<String, String> libraries(Map<String, String> extra) {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("java", System.getProperty("java.version"));
        libraries.put("tribuo", Tribuo.VERSION);
        String v = TrainingRun.class.getPackage().getImplementationVersion();
        libraries.put("leadscore", v == null ? "dev" : v);
        libraries.putAll(extra);
        return libraries;
    }

    /** Rows of a time-ordered training window of {@code windowRows} that fit the model (the oldest); the rest calibrate. */
    public static long fitRowCount(long windowRows) {
        return Math.round(windowRows * (1 - CALIBRATION_FRACTION));
    }

    /** A model version: the algorithm and a hash of the data and every option that shaped the model. */
    public static String modelVersion(String algorithm, String dataSha256, Options o, String chosen) {
        return algorithm + "-" + Hashing.sha256(dataSha256 + "|" + o.seed() + "|" + o.label() + "|" + o.timeColumn() + "|" + o.exclude()
                + "|" + o.algorithm() + "|" + o.calibration() + "|" + o.tiers() + "|" + o.minPositives() + "|" + chosen
                + (o.features() == null ? "" : "|" + Hashing.sha256(Path.of(o.features().source())))
                + (Recipe.CROSS_FIT.equals(o.calibrationRows()) ? "" : "|" + o.calibrationRows()) + (o.refitAll() ? "|refit-all" : "")).substring(0, 12);
    }

    /** Business wording of each input for reasons: its definition's, the canonical field's, or its name in words. */
    public static Map<String, String> descriptions(List<String> inputs, FeatureDefinitions features) {
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (String in : inputs) {
            String defined = features == null ? null : features.get(in).map(FeatureDefinition::description).orElse(null);
            descriptions.put(in, defined != null ? defined : LeadField.byColumn(in).map(LeadField::description).orElse(in.replace('_', ' ')));
        }
        return descriptions;
    }

    /** The card's record of the minimum-history check. */
    public static Map<String, Object> minimumHistory(int required, long found) {
        return Map.of("converted_leads_in_training_window", required, "found", found);
    }

    /** The card's creation time: now, to the second. */
    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static int[] byTime(Table table, String timeColumn, int[] rows) {
        var c = table.require(timeColumn, "time");
        return IntStream.of(rows).boxed().sorted(Comparator.comparingDouble(c::number)).mapToInt(Integer::intValue).toArray();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Raw probabilities of table rows, encoded as the model's examples were (the fit rows'
     * target-encoded inputs out of fold, so that the window's tier cut-offs do not rest on rates that
     * saw the rows' own outcomes; every other row as served).
     */
    private static double[] rawProbabilities(ConversionModel scorer, FeatureEncoder encoder, Table table, int[] rows) {
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            p[i] = scorer.scoringFunction().probability(encoder.encode(table.row(rows[i])).values());
        }
        return p;
    }

}
