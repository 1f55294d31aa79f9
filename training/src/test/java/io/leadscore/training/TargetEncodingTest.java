package io.leadscore.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.features.EncodingLearner;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.FeatureEncoding;
import io.leadscore.features.FeatureVector;
import io.leadscore.features.InputFeature;
import io.leadscore.features.TargetEncoding;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.RankingMetrics;
import io.leadscore.model.Score;
import io.leadscore.synthetic.LeadGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Categoricals with many and rare levels: target-encoded out of fold, they beat today's one-hot
 * (top 100 levels seen 10 times + unknown), serving encodes as training's full fit, and a column of
 * (nearly) one-row levels does not look predictive.
 */
class TargetEncodingTest {
    private static final long SEED = 5;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /**
     * {@code rows} leads with a numeric signal {@code x}, a low-cardinality {@code channel} and a
     * {@code campaign} of {@code campaigns} names with Zipf-like frequencies (the k-th most frequent
     * drawn ∝ 1/k); one campaign in eight, frequent or rare, raises the odds of converting eightfold.
     */
    private Path campaigns(int rows, int campaigns, long seed) throws IOException {
        Random random = new Random(seed);
        double[] cumulative = new double[campaigns];
        double sum = 0;
        for (int k = 0; k < campaigns; k++) {
            sum += 1.0 / (k + 1);
            cumulative[k] = sum;
        }
        double[] effect = new double[campaigns];
        for (int k = 0; k < campaigns; k++) {
            effect[k] = random.nextInt(8) == 0 ? Math.log(8) : 0;
        }
        Path file = dir.resolve("campaigns-" + seed + ".csv");
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("scored_at,x,channel,campaign,converted\n");
            for (int i = 0; i < rows; i++) {
                double u = random.nextDouble() * sum;
                int k = Arrays.binarySearch(cumulative, u);
                k = k >= 0 ? k : -k - 1;
                double x = random.nextGaussian();
                int channel = random.nextInt(4);
                double logOdds = -3.2 + 0.8 * x + 0.3 * channel + effect[k];
                int y = random.nextDouble() < 1 / (1 + Math.exp(-logOdds)) ? 1 : 0;
                w.write(String.format(Locale.ROOT, "%s,%.4f,ch%d,cmp-%04d,%d%n", START.plusSeconds(60L * i), x, channel, k, y));
            }
        }
        return file;
    }

    private static TrainingRun.Result train(Path data, String algorithm) {
        return TrainingRun.train(new TrainingRun.Options(data, "converted", "scored_at", List.of(), SEED, algorithm, "platt",
                TierPolicy.defaultCapacity(), TrainingRun.DEFAULT_MIN_POSITIVES, null, false));
    }

    @Test
    void targetEncodingBeatsOneHotOnManyRareCampaignsAndServingEncodesAsTheFullFit() throws Exception {
        Path data = campaigns(12_000, 2_000, SEED);
        TrainingRun.Result run = train(data, "logistic");
        FeatureEncoding encoding = run.card().features();
        InputFeature campaign = encoding.inputs().stream().filter(in -> in.name().equals("campaign")).findFirst().orElseThrow();
        InputFeature channel = encoding.inputs().stream().filter(in -> in.name().equals("channel")).findFirst().orElseThrow();
        assertNotNull(campaign.targetEncoding(), "many rare campaigns: target-encoded");
        assertNull(channel.targetEncoding(), "four frequent channels: one-hot as before");
        assertEquals(List.of("ch0", "ch1", "ch2", "ch3"), channel.levels());
        assertTrue(Arrays.asList(encoding.featureNames()).contains("campaign"));

        Table table = TableReader.read(data);
        TrainingData td = TrainingData.prepare(table, "converted", "scored_at", List.of());
        Split split = Split.byTime(table, "scored_at");
        int[] window = split.train();
        int[] yWindow = td.labels(window);
        int[] yHoldout = td.labels(split.holdout());
        for (String algorithm : List.of("logistic", "xgboost")) {
            double oneHot = holdoutAuc(table, td, split, EncodingLearner.fit(table.select(window), td.inputs()), algorithm);
            double target = holdoutAuc(table, td, split, EncodingLearner.fit(table.select(window), td.inputs(), yWindow), algorithm);
            System.out.printf("%s holdout AUC: one-hot top-100 + unknown %.4f, target-encoded %.4f%n", algorithm, oneHot, target);
            assertTrue(target > oneHot + 0.01, algorithm + ": target-encoded " + target + " vs one-hot " + oneHot);
        }
        System.out.printf("train (logistic) holdout AUC %.4f%n", ((Number) run.card().holdoutMetrics().get("auc")).doubleValue());

        // Serving (the saved model directory, as the server loads it) encodes as the full fit: a
        // rare level's rate from all its training rows, an unseen one at the average rate.
        Path model = dir.resolve("model");
        ModelDirectory.save(model, run.model(), run.card());
        ConversionModel served = ModelDirectory.load(model);
        FeatureEncoder fullFit = new FeatureEncoder(EncodingLearner.fit(table.select(window), td.inputs(), yWindow));
        assertEquals(encoding.inputs(), served.encoding().inputs(), "the card's encoding is training's full fit");
        int at = Arrays.asList(encoding.featureNames()).indexOf("campaign");
        int rareRow = rareLevelRow(table, window);
        for (int row : new int[] {window[0], rareRow, split.holdout()[0]}) {
            Map<String, Object> lead = lead(table, row);
            FeatureVector v = fullFit.encode(lead::get);
            assertArrayEquals(v.values(), new FeatureEncoder(served.encoding()).encode(lead::get).values(), 0.0);
            assertEquals(campaign.targetEncoding().value((String) lead.get("campaign")), v.values()[at], 0.0);
            Score s = served.score(lead::get, 10);
            assertEquals(served.card().calibration().apply(served.scoringFunction().probability(v.values())), s.probability(), 1e-12, "the served probability is the model's on that vector");
            assertTrue(s.reasons().stream().anyMatch(r -> r.feature().equals("campaign") && lead.get("campaign").equals(r.value())),
                    "the reason names the column and its value: " + s.reasons());
        }
        assertTrue(campaign.targetEncoding().levels().get((String) lead(table, rareRow).get("campaign")).rows() < 10,
                "a rare level keeps its own rate");
        Map<String, Object> unseen = new HashMap<>(lead(table, window[0]));
        unseen.put("campaign", "never-seen");
        FeatureVector v = new FeatureEncoder(served.encoding()).encode(unseen::get);
        assertEquals(0.0, v.values()[at], "an unseen campaign scores at the average rate");
        assertTrue(v.warnings().contains("campaign: unseen value 'never-seen' treated as unknown"), v.warnings().toString());
        assertTrue(yHoldout.length > 0);
    }

    @Test
    void columnsOfFewLevelsEncodeExactlyAsBefore() {
        Path generated = dir.resolve("leads.parquet");
        new LeadGenerator(3).write(3_000, generated);
        Path datasets = Path.of("..", "..", "shared", "datasets").toAbsolutePath().normalize();
        Map<Path, String> files = Map.of(generated, "converted", datasets.resolve("bank-marketing/bank-full.csv"), "y",
                datasets.resolve("online-shoppers-intention/online_shoppers_intention.csv"), "Revenue");
        files.forEach((file, label) -> {
            Table table = TableReader.read(file);
            TrainingData td = TrainingData.prepare(table, label, null, List.of());
            FeatureEncoding withOutcomes = EncodingLearner.fit(table, td.inputs(), td.y());
            assertFalse(withOutcomes.targetEncoded(), file + ": no categorical has many rare levels");
            assertEquals(EncodingLearner.fit(table, td.inputs()).inputs(), withOutcomes.inputs(), file.toString());
        });
    }

    @Test
    void theSliceRecipeAndRefitAllTrainWithATargetEncodedColumn() throws Exception {
        Path data = campaigns(5_000, 800, SEED + 1);
        for (String rows : List.of(Recipe.SLICE, Recipe.CROSS_FIT)) {
            TrainingRun.Result r = TrainingRun.train(new TrainingRun.Options(data, "converted", "scored_at", List.of(), SEED, "logistic",
                    "platt", TierPolicy.defaultCapacity(), TrainingRun.DEFAULT_MIN_POSITIVES, null, false, rows, Recipe.CROSS_FIT.equals(rows)));
            assertTrue(r.card().features().targetEncoded(), rows);
            double auc = ((Number) r.card().holdoutMetrics().get("auc")).doubleValue();
            System.out.printf("%s%s holdout AUC %.4f%n", rows, Recipe.CROSS_FIT.equals(rows) ? " + refit-all" : "", auc);
            assertTrue(auc > 0.6, rows + ": " + auc);
            long campaignRates = r.card().features().inputs().stream().filter(in -> in.name().equals("campaign"))
                    .mapToLong(in -> in.targetEncoding().levels().values().stream().mapToLong(TargetEncoding.Outcomes::rows).sum()).sum();
            assertEquals(((Number) r.card().parameters().get("fit_rows")).longValue() - (Recipe.CROSS_FIT.equals(rows) ? r.card().split().holdoutRows() : 0),
                    campaignRates, "the served rates are those of the rows the recipe fitted on");
        }
    }

    /** A window row whose campaign has fewer than 10 rows in the window and converted. */
    private static int rareLevelRow(Table table, int[] window) {
        Map<String, Integer> counts = new HashMap<>();
        for (int r : window) {
            counts.merge(table.require("campaign", "feature").string(r), 1, Integer::sum);
        }
        for (int r : window) {
            if (counts.get(table.require("campaign", "feature").string(r)) < 10 && table.require("converted", "label").number(r) == 1) {
                return r;
            }
        }
        throw new AssertionError("no rare converted campaign");
    }

    private static Map<String, Object> lead(Table table, int row) {
        Map<String, Object> lead = new HashMap<>();
        for (String c : List.of("x", "channel", "campaign")) {
            lead.put(c, table.row(row).get(c));
        }
        return lead;
    }

    /** The holdout AUC of the searched and fitted model on an encoding of the window (fit rows out of fold). */
    private static double holdoutAuc(Table table, TrainingData td, Split split, FeatureEncoding encoding, String algorithm) {
        int[] window = split.train();
        int[] y = td.labels(window);
        FeatureEncoder encoder = new FeatureEncoder(encoding);
        EncodedMatrix examples = EncodedMatrix.encode(table, window, y, encoder.outOfFold(table, window, y, SEED));
        ModelSearch.Result search = ModelSearch.run(algorithm, examples, Recipe.folds(y, true, SEED), SEED,
                SearchSpace.forSize(y.length, Evaluation.positives(y)));
        var model = Trainers.fit(search.best(), examples, SEED);
        int[] holdout = split.holdout();
        double[] p = Trainers.probabilities(model, EncodedMatrix.encode(table, holdout, td.labels(holdout), encoder));
        return RankingMetrics.auc(p, td.labels(holdout));
    }

    @Test
    void levelsOfOneRowEachDoNotLookPredictiveAfterTheOutOfFoldEncoding() throws Exception {
        // x carries the signal; ref is nearly an id: most values one row, some two (under the identifier cut-off).
        Random random = new Random(SEED);
        int n = 6_000;
        Path data = dir.resolve("ids.csv");
        try (Writer w = Files.newBufferedWriter(data)) {
            w.write("x,ref,converted\n");
            for (int i = 0; i < n; i++) {
                double x = random.nextGaussian();
                int y = random.nextDouble() < 1 / (1 + Math.exp(-(-2.5 + x))) ? 1 : 0;
                w.write(String.format(Locale.ROOT, "%.4f,ref-%d,%d%n", x, i % 5 == 0 ? i + 1 : i, y));
            }
        }
        Table table = TableReader.read(data);
        TrainingData td = TrainingData.prepare(table, "converted", null, List.of());
        assertTrue(td.inputs().contains("ref"), "not dropped as an identifier: " + td.dropped());
        Split split = Split.stratified(td.y(), SEED);
        int[] window = split.train();
        int[] y = td.labels(window);
        FeatureEncoding encoding = EncodingLearner.fit(table.select(window), td.inputs(), y);
        assertNotNull(encoding.inputs().get(1).targetEncoding());
        int at = Arrays.asList(encoding.featureNames()).indexOf("ref");
        FeatureEncoder inSample = new FeatureEncoder(encoding);
        FeatureEncoder outOfFold = inSample.outOfFold(table, window, y, SEED);
        double[] inSampleRef = new double[window.length];
        double[] outOfFoldRef = new double[window.length];
        for (int i = 0; i < window.length; i++) {
            inSampleRef[i] = inSample.encode(table.row(window[i])).values()[at];
            outOfFoldRef[i] = outOfFold.encode(table.row(window[i])).values()[at];
        }
        double inSampleAuc = RankingMetrics.auc(inSampleRef, y);
        double outOfFoldAuc = RankingMetrics.auc(outOfFoldRef, y);
        System.out.printf("ref alone on the fit rows: in-sample target encoding AUC %.4f, out of fold %.4f%n", inSampleAuc, outOfFoldAuc);
        assertTrue(inSampleAuc > 0.95, "in-sample, an id's rate is its own outcome: " + inSampleAuc);
        assertTrue(Math.abs(outOfFoldAuc - 0.5) < 0.03, "out of fold, an id tells nothing: " + outOfFoldAuc);

        TrainingRun.Result with = TrainingRun.train(new TrainingRun.Options(data, "converted", null, List.of(), SEED, "xgboost", "platt",
                TierPolicy.defaultCapacity(), TrainingRun.DEFAULT_MIN_POSITIVES, null, false));
        TrainingRun.Result without = TrainingRun.train(new TrainingRun.Options(data, "converted", null, List.of("ref"), SEED, "xgboost",
                "platt", TierPolicy.defaultCapacity(), TrainingRun.DEFAULT_MIN_POSITIVES, null, false));
        double aucWith = ((Number) with.card().holdoutMetrics().get("auc")).doubleValue();
        double aucWithout = ((Number) without.card().holdoutMetrics().get("auc")).doubleValue();
        System.out.printf("holdout AUC with ref %.4f, without %.4f%n", aucWith, aucWithout);
        assertTrue(aucWith > aucWithout - 0.01, "the id-like column does not pull the model off the signal: " + aucWith + " vs " + aucWithout);
        double gain = Math.abs(((Number) with.card().featureMeans().getOrDefault("ref", 0.0)).doubleValue());
        assertTrue(gain < 0.05, "out-of-fold rates of one-row levels stay near the average: mean " + gain);
    }
}
