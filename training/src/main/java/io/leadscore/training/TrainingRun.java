package io.leadscore.training;

import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.FeatureEncoding;
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
 * One training run, start to finish. The data is split three ways, by time when a time column is
 * given (oldest → newest), else by seeded stratified sampling:
 * <ol>
 *   <li>the <b>fit</b> rows (64%) choose hyper-parameters by cross-validation and fit the model;</li>
 *   <li>the <b>calibration</b> rows (16%, the newest of the training window) fit the calibration,
 *       on data the model did not train on;</li>
 *   <li>the <b>holdout</b> rows (20%, the newest overall) only measure.</li>
 * </ol>
 * Tier cut-offs, the learned scorecard and the inputs' profiles (what live drift is measured
 * against) come from the training window (fit + calibration rows).
 * Everything is described in the {@link ModelCard}.
 */
public final class TrainingRun {
    /** Share of the training window that calibrates rather than fits. */
    public static final double CALIBRATION_FRACTION = 0.2;
    /** Default minimum number of converted leads in the training window. */
    public static final int DEFAULT_MIN_POSITIVES = 100;
    /** Cross-validation folds of the search. */
    public static final int FOLDS = 3;

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
     */
    public record Options(Path data, String label, String timeColumn, List<String> exclude, long seed,
                          String algorithm, String calibration, TierPolicy tiers, int minPositives,
                          FeatureDefinitions features, boolean allowLeakyFeatures) {
        /** The skeleton's defaults: logistic, Platt calibration, capacity tiers, every usable column. */
        public Options(Path data, String label, String timeColumn, List<String> exclude, long seed) {
            this(data, label, timeColumn, exclude, seed, "logistic", "platt", TierPolicy.defaultCapacity(), DEFAULT_MIN_POSITIVES, null, false);
        }
    }

    /**
     * The trained model, its card, a scorer, and the learned scorecard.
     *
     * @param scorecardYaml the learned point table in the rules-file format
     */
    public record Result(Model<Label> model, ModelCard card, ConversionModel scorer, RuleSet scorecard, String scorecardYaml) {
    }

    public static Result train(Options o) {
        Table table = TableReader.read(o.data());
        TrainingData data = TrainingData.prepare(table, o.label(), o.timeColumn(), o.exclude());
        if (o.features() != null) {
            data = DefinedFeatures.restrict(data, o.features());
        }
        Split split = o.timeColumn() != null ? Split.byTime(table, o.timeColumn()) : Split.stratified(data.y(), o.seed());
        int[] window = split.train();
        int[] yWindow = data.labels(window);
        requireHistory(table, o, yWindow);
        requireBothClasses(table, o.label(), data.labels(split.holdout()), "holdout");
        LeakyFeatures.check(table, data.inputs(), window, split.holdout(), yWindow, data.labels(split.holdout()), o.allowLeakyFeatures());

        // Fit rows and calibration rows within the training window.
        int[] order = o.timeColumn() != null ? byTime(table, o.timeColumn(), window) : window;
        int[] fit;
        int[] calib;
        if (o.timeColumn() != null) {
            int cut = (int) Math.round(order.length * (1 - CALIBRATION_FRACTION));
            fit = Arrays.copyOfRange(order, 0, cut);
            calib = Arrays.copyOfRange(order, cut, order.length);
        } else {
            Split inner = Split.stratified(yWindow, o.seed() + 1);
            fit = Arrays.stream(inner.train()).map(i -> window[i]).toArray();
            calib = Arrays.stream(inner.holdout()).map(i -> window[i]).toArray();
        }
        int[] yFit = data.labels(fit);
        int[] yCalib = data.labels(calib);
        requireBothClasses(table, o.label(), yCalib, "calibration");

        FeatureEncoding encoding = FeatureEncoder.fit(table.select(fit), data.inputs());
        FeatureEncoder encoder = new FeatureEncoder(encoding);
        Examples fitExamples = Examples.encode(table, fit, yFit, encoder);
        List<Folds> folds = o.timeColumn() != null ? Folds.rolling(fit.length, FOLDS) : Folds.stratified(yFit, FOLDS, o.seed());
        ModelSearch.Result search = ModelSearch.run(o.algorithm(), fitExamples, folds, o.seed());
        Model<Label> model = Trainers.fit(search.best(), fitExamples, o.seed());
        String algorithm = search.best().algorithm();

        String sha = Hashing.sha256(o.data());
        String version = algorithm + "-" + Hashing.sha256(sha + "|" + o.seed() + "|" + o.label() + "|" + o.timeColumn() + "|" + o.exclude()
                + "|" + o.algorithm() + "|" + o.calibration() + "|" + o.tiers() + "|" + o.minPositives() + "|" + search.best()
                + (o.features() == null ? "" : "|" + Hashing.sha256(Path.of(o.features().source())))).substring(0, 12);
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (String in : data.inputs()) {
            String defined = o.features() == null ? null : o.features().get(in).map(FeatureDefinition::description).orElse(null);
            descriptions.put(in, defined != null ? defined : LeadField.byColumn(in).map(LeadField::description).orElse(in.replace('_', ' ')));
        }
        ModelCard draft = new ModelCard("leadscore-" + algorithm, version, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                algorithm, o.label(), o.seed(),
                new ModelCard.DataInfo(o.data().toString(), sha, table.rowCount(), Evaluation.positives(data.y())),
                split.info(), data.dropped(), encoding, descriptions, featureMeans(fitExamples),
                Calibration.none(), new ModelCard.TierCutoffs(0, 0, ""), Map.of(), Map.of(), libraries())
                .withFeatureProfiles(FeatureProfile.of(encoding, Arrays.stream(window).mapToObj(table::row).toList()));
        ConversionModel uncalibrated = ConversionModel.of(model, draft);

        Calibration calibration = Calibrators.fit(o.calibration(), rawProbabilities(uncalibrated, table, calib), yCalib,
                calib.length + " rows: the " + (o.timeColumn() != null ? "newest" : "seeded random") + " "
                        + Math.round(CALIBRATION_FRACTION * 100) + "% of the training window, not used to fit the model");
        ConversionModel calibrated = ConversionModel.of(model, draft.withResults(calibration, draft.tiers(), Map.of(), Map.of()));
        ModelCard.TierCutoffs tiers = o.tiers().cutoffs(probabilities(calibrated, table, window));

        double[] pHoldout = probabilities(calibrated, table, split.holdout());
        int[] yHoldout = data.labels(split.holdout());
        Map<String, Object> metrics = Evaluation.ofProbabilities(pHoldout, yHoldout).toMap();
        metrics.put("calibration_curve", CalibrationCurve.of(pHoldout, yHoldout, Evaluation.ECE_BINS));

        RuleSet scorecard = ScorecardLearner.learn(table, window, yWindow, data.inputs(), descriptions, o.tiers(), o.seed(),
                ScorecardLearner.class.getSimpleName());
        double[] scorecardPoints = new double[split.holdout().length];
        for (int i = 0; i < scorecardPoints.length; i++) {
            scorecardPoints[i] = scorecard.points(table.row(split.holdout()[i]));
        }
        metrics.put("scorecard", Evaluation.rankingOf(scorecardPoints, yHoldout));

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("algorithm_requested", o.algorithm());
        parameters.put("chosen", search.best().params());
        parameters.put("search_space", search.space());
        parameters.put("search", search.trials().stream().map(t -> Map.of("algorithm", t.candidate().algorithm(),
                "params", t.candidate().params(), "cv_log_loss", t.cvLogLoss())).toList());
        parameters.put("cross_validation", FOLDS + (o.timeColumn() != null ? " rolling time folds" : " stratified folds") + " over the fit rows");
        parameters.put("fit_rows", fit.length);
        parameters.put("minimum_history", Map.of("converted_leads_in_training_window", o.minPositives(), "found", Evaluation.positives(yWindow)));
        ModelCard card = draft.withResults(calibration, tiers, metrics, parameters);
        String yaml = io.leadscore.scorecard.ScorecardYaml.write(scorecard,
                "Learned by leadscore from outcomes (" + version + ", " + window.length + " training-window leads).\n"
                        + ScorecardLearner.POINTS_PER_DOUBLING + " points double the odds of converting; tiers: " + tiers.method() + ".");
        return new Result(model, card, ConversionModel.of(model, card), scorecard, yaml);
    }

    private static Map<String, String> libraries() {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("java", System.getProperty("java.version"));
        libraries.put("tribuo", Tribuo.VERSION);
        String v = TrainingRun.class.getPackage().getImplementationVersion();
        libraries.put("leadscore", v == null ? "dev" : v);
        return libraries;
    }

    private static int[] byTime(Table table, String timeColumn, int[] rows) {
        var c = table.require(timeColumn, "time");
        return IntStream.of(rows).boxed().sorted(Comparator.comparingDouble(c::number)).mapToInt(Integer::intValue).toArray();
    }

    private static Map<String, Double> featureMeans(Examples fit) {
        String[] names = null;
        double[] sum = null;
        for (var ex : fit.examples()) {
            if (names == null) {
                names = new String[ex.size()];
                sum = new double[ex.size()];
                int j = 0;
                for (var f : ex) {
                    names[j++] = f.getName();
                }
            }
            int j = 0;
            for (var f : ex) {
                sum[j++] += f.getValue();
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (int j = 0; j < names.length; j++) {
            means.put(names[j], sum[j] / fit.size());
        }
        return means;
    }

    private static double[] probabilities(ConversionModel scorer, Table table, int[] rows) {
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            p[i] = scorer.probability(table.row(rows[i]));
        }
        return p;
    }

    private static double[] rawProbabilities(ConversionModel scorer, Table table, int[] rows) {
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            p[i] = scorer.rawProbability(table.row(rows[i]));
        }
        return p;
    }

    private static void requireHistory(Table table, Options o, int[] yWindow) {
        long pos = Evaluation.positives(yWindow);
        if (pos < o.minPositives()) {
            throw new DataException(table.source(), null, o.label(), "too little history: the training window has " + pos
                    + " converted leads, at least " + o.minPositives() + " are needed (--min-positives) for a model worth trusting");
        }
        requireBothClasses(table, o.label(), yWindow, "training");
    }

    private static void requireBothClasses(Table table, String label, int[] y, String part) {
        long pos = Evaluation.positives(y);
        if (pos == 0 || pos == y.length) {
            throw new DataException(table.source(), null, label, "the " + part + " rows have only one class ("
                    + (pos == 0 ? "no conversions" : "only conversions") + " in " + y.length + " rows); more history is needed");
        }
    }
}
