package io.leadscore.model;

import io.leadscore.features.EncodingLearner;
import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.Table;
import io.leadscore.features.FeatureEncoder;
import io.leadscore.features.FeatureEncoding;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Small real models for serving tests: a seeded table, a real LibLinear fit, a real model directory. */
public final class TinyModels {
    private TinyModels() {
    }

    /** The sources a tiny lead comes from, equally often. */
    public static final String[] SOURCES = {"website", "referral", "event"};

    /**
     * One lead drawn as the tiny models' training leads are (the same draws in the same order):
     * source, job_level, pricing_page_views (0–4), demo_requested (20% true), email_clicks (0–2,
     * absent for 10%).
     */
    public static Map<String, Object> lead(SplittableRandom rnd) {
        String[] levels = {"vp", "manager", "individual"};
        Map<String, Object> lead = new java.util.LinkedHashMap<>();
        lead.put("source", SOURCES[rnd.nextInt(3)]);
        lead.put("job_level", levels[rnd.nextInt(3)]);
        lead.put("pricing_page_views", (double) rnd.nextInt(5));
        lead.put("demo_requested", rnd.nextDouble() < 0.2);
        lead.put("email_clicks", rnd.nextDouble() < 0.1 ? null : (Double) (double) rnd.nextInt(3));
        return lead;
    }

    /** A logistic model: see {@link #write(Path, boolean)}. */
    public static Path write(Path dir) {
        return write(dir, false);
    }

    /**
     * Trains on 600 seeded leads with fields source, job_level, pricing_page_views, demo_requested,
     * email_clicks (optional); logistic regression or, with {@code trees}, XGBoost.
     */
    public static Path write(Path dir, boolean trees) {
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 600;
        String[] source = new String[n];
        String[] level = new String[n];
        double[] pricing = new double[n];
        double[] demo = new double[n];
        double[] clicks = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            Map<String, Object> lead = lead(rnd);
            source[i] = (String) lead.get("source");
            level[i] = (String) lead.get("job_level");
            pricing[i] = (Double) lead.get("pricing_page_views");
            demo[i] = (Boolean) lead.get("demo_requested") ? 1 : 0;
            clicks[i] = lead.get("email_clicks") == null ? Double.NaN : (Double) lead.get("email_clicks");
            double logit = -1.5 + 0.5 * pricing[i] + 1.2 * demo[i] + (source[i].equals("referral") ? 0.8 : 0) + (level[i].equals("vp") ? 0.6 : 0);
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        }
        Table t = new Table("tiny", List.of(Column.ofStrings("source", source), Column.ofStrings("job_level", level),
                Column.ofNumbers("pricing_page_views", ColumnType.NUMERIC, pricing),
                Column.ofNumbers("demo_requested", ColumnType.BOOLEAN, demo),
                Column.ofNumbers("email_clicks", ColumnType.NUMERIC, clicks)));
        FeatureEncoding enc = EncodingLearner.fit(t, t.columnNames());
        FeatureEncoder encoder = new FeatureEncoder(enc);
        LabelFactory factory = new LabelFactory();
        List<Example<Label>> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            examples.add(new ArrayExample<>(new Label(y[i] == 1 ? "1" : "0"), enc.featureNames(), encoder.encode(t.row(i)).values()));
        }
        var prov = new SimpleDataSourceProvenance("tiny", OffsetDateTime.parse("2025-01-01T00:00:00Z"), factory);
        var dataset = new MutableDataset<>(new ListDataSource<>(examples, factory, prov));
        org.tribuo.Model<Label> model = trees
                ? new XGBoostClassificationTrainer(30, 0.3, 0, 3, 1, 1, 1, 1, 0, 1, true, 1).train(dataset)
                : new LibLinearClassificationTrainer(new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), 1.0, 1000, 1e-4, 1)
                        .train(dataset);
        String algorithm = trees ? "xgboost" : "logistic";
        ModelCard card = new ModelCard("leadscore-" + algorithm, algorithm + "-tiny", "2025-01-01T00:00:00Z", algorithm, "converted", 1,
                new ModelCard.DataInfo("tiny", "0".repeat(64), n, 0), null, Map.of(), enc,
                Map.of("pricing_page_views", "Views of the pricing page"), null,
                new Calibration("platt", 0.9, 0.1, null, null, 0, "test"),
                new ModelCard.TierCutoffs(0.3, 0.6, "test"), Map.of(), Map.of(), Map.of())
                .withFeatureProfiles(FeatureProfile.of(enc, java.util.stream.IntStream.range(0, n).mapToObj(t::row).toList()));
        Path out = dir.resolve(algorithm);
        ModelDirectory.save(out, model, card);
        return out;
    }
}
