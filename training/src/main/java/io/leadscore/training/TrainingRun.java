package io.leadscore.training;

import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.FeatureEncoding;
import io.leadscore.featurestore.FeatureDefinition;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelCard;
import io.leadscore.schema.LeadField;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;

/**
 * One training run, start to finish: read the data, choose features, split (by time when a time
 * column is given), fit the encoding and the model on the training rows only, choose tier cut-offs
 * from the training rows, measure on the holdout only, and describe it all in a {@link ModelCard}.
 */
public final class TrainingRun {
    /** Top share of leads that are hot under the default capacity-based tiers. */
    public static final double HOT_SHARE = 0.10;
    /** Share of leads that are warm (below the hot ones). */
    public static final double WARM_SHARE = 0.30;

    /**
     * Options of a run.
     *
     * @param features feature definitions: the inputs are exactly these features (null: every usable column)
     * @param allowLeakyFeatures train even if a feature alone predicts the outcome almost perfectly
     */
    public record Options(Path data, String label, String timeColumn, List<String> exclude, long seed,
                          FeatureDefinitions features, boolean allowLeakyFeatures) {
        public Options(Path data, String label, String timeColumn, List<String> exclude, long seed) {
            this(data, label, timeColumn, exclude, seed, null, false);
        }
    }

    /** The trained model and its card. */
    public record Result(Model<Label> model, ModelCard card, ConversionModel scorer) {
    }

    public static Result train(Options o) {
        Table table = TableReader.read(o.data());
        TrainingData data = TrainingData.prepare(table, o.label(), o.timeColumn(), o.exclude());
        if (o.features() != null) {
            data = DefinedFeatures.restrict(data, o.features());
        }
        Split split = o.timeColumn() != null ? Split.byTime(table, o.timeColumn()) : Split.stratified(data.y(), o.seed());
        int[] yTrain = data.labels(split.train());
        int[] yHoldout = data.labels(split.holdout());
        requireBothClasses(table, o.label(), yTrain, "training");
        requireBothClasses(table, o.label(), yHoldout, "holdout");
        LeakyFeatures.check(table, data.inputs(), split.train(), split.holdout(), yTrain, yHoldout, o.allowLeakyFeatures());

        FeatureEncoding encoding = FeatureEncoder.fit(table.select(split.train()), data.inputs());
        FeatureEncoder encoder = new FeatureEncoder(encoding);
        LogisticTrainer trainer = new LogisticTrainer(o.seed());
        Model<Label> model = trainer.fit(table, split.train(), yTrain, encoder);

        String sha = Hashing.sha256(o.data());
        String version = "logistic-" + Hashing.sha256(sha + "|" + o.seed() + "|" + o.label() + "|" + o.timeColumn() + "|" + o.exclude()
                + (o.features() == null ? "" : "|" + Hashing.sha256(Path.of(o.features().source())))).substring(0, 12);
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (String in : data.inputs()) {
            String defined = o.features() == null ? null : o.features().get(in).map(FeatureDefinition::description).orElse(null);
            descriptions.put(in, defined != null ? defined : LeadField.byColumn(in).map(LeadField::description).orElse(in.replace('_', ' ')));
        }
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("java", System.getProperty("java.version"));
        libraries.put("tribuo", Tribuo.VERSION);
        libraries.put("leadscore", TrainingRun.class.getPackage().getImplementationVersion() == null
                ? "dev" : TrainingRun.class.getPackage().getImplementationVersion());
        ModelCard draft = new ModelCard("leadscore-logistic", version, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                "logistic", o.label(), o.seed(),
                new ModelCard.DataInfo(o.data().toString(), sha, table.rowCount(), Evaluation.positives(data.y())),
                split.info(), data.dropped(), encoding, descriptions, featureMeans(encoder, table, split.train()),
                new ModelCard.TierCutoffs(0, 0, ""), Map.of(), trainer.parameters(), libraries);
        ConversionModel scorer = ConversionModel.of(model, draft);

        double[] pTrain = probabilities(scorer, table, split.train());
        ModelCard.TierCutoffs tiers = new ModelCard.TierCutoffs(
                quantile(pTrain, 1 - HOT_SHARE - WARM_SHARE), quantile(pTrain, 1 - HOT_SHARE),
                "sales capacity: the top " + pct(HOT_SHARE) + " of training leads by probability are hot, the next "
                        + pct(WARM_SHARE) + " warm, the rest cold");
        Evaluation holdout = Evaluation.ofProbabilities(probabilities(scorer, table, split.holdout()), yHoldout);
        ModelCard card = new ModelCard(draft.modelName(), draft.modelVersion(), draft.createdAt(), draft.algorithm(),
                draft.label(), draft.seed(), draft.data(), draft.split(), draft.droppedColumns(), encoding, descriptions,
                draft.featureMeans(), tiers, holdout.toMap(), draft.parameters(), libraries);
        return new Result(model, card, ConversionModel.of(model, card));
    }

    private static double[] probabilities(ConversionModel scorer, Table table, int[] rows) {
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            p[i] = scorer.probability(table.row(rows[i]));
        }
        return p;
    }

    private static Map<String, Double> featureMeans(FeatureEncoder encoder, Table table, int[] rows) {
        String[] names = encoder.encoding().featureNames();
        double[] sum = new double[names.length];
        for (int r : rows) {
            double[] x = encoder.encode(table.row(r)).values();
            for (int j = 0; j < x.length; j++) {
                sum[j] += x[j];
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (int j = 0; j < names.length; j++) {
            means.put(names[j], sum[j] / rows.length);
        }
        return means;
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(q * s.length))];
    }

    private static String pct(double share) {
        return Math.round(share * 100) + "%";
    }

    private static void requireBothClasses(Table table, String label, int[] y, String part) {
        long pos = Evaluation.positives(y);
        if (pos == 0 || pos == y.length) {
            throw new DataException(table.source(), null, label, "the " + part + " rows have only one class ("
                    + (pos == 0 ? "no conversions" : "only conversions") + " in " + y.length + " rows); more history is needed");
        }
    }
}
