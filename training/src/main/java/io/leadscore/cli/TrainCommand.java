package io.leadscore.cli;

import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureDefinitionsParser;
import io.leadscore.model.ModelCard;
import io.leadscore.model.ModelDirectory;
import io.leadscore.training.Hashing;
import io.leadscore.training.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leadscore train}: trains a model and writes its directory atomically. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a conversion model on a .csv or .parquet file and write DIR (model + model-card.json).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "Training data (.csv or .parquet).")
    Path data;

    @Option(names = "--label", required = true, description = "Outcome column (1/0, true/false, yes/no).")
    String label;

    @Option(names = "--out", required = true, description = "Model directory to write.")
    Path out;

    @Option(names = "--algorithm", defaultValue = "logistic", description = "Algorithm: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Algorithm algorithm;

    @Option(names = "--time-column", description = "Split by time: the newest 20% by this column is the holdout.")
    String timeColumn;

    @Option(names = "--exclude", split = ",", description = "Columns not to use (e.g. ones only known after the outcome).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--features", description = "Feature definitions (features.yaml) the data was built with: the model uses exactly these "
            + "features, and the file is copied into DIR so that serving computes them from events.")
    Path features;

    @Option(names = "--allow-leaky-features", description = "Train even if a feature alone predicts the outcome almost perfectly (holdout AUC > 0.99).")
    boolean allowLeakyFeatures;

    /** Algorithms {@code train} offers. */
    enum Algorithm { logistic }

    @Override
    public Integer call() {
        FeatureDefinitions defs = features == null ? null : FeatureDefinitionsParser.parse(features);
        TrainingRun.Result r = TrainingRun.train(new TrainingRun.Options(data, label, timeColumn, List.copyOf(exclude), seed, defs, allowLeakyFeatures));
        ModelCard card = defs == null ? r.card() : r.card().withFeatureDefinitions(new ModelCard.FeatureSource(ModelDirectory.FEATURES_FILE,
                features.toString(), Hashing.sha256(features), defs.name(), defs.names()));
        ModelDirectory.save(out, r.model(), card, features);
        Map<String, Object> m = r.card().holdoutMetrics();
        System.out.printf("trained %s on %,d rows (%s split; holdout %,d rows)%n", r.card().modelVersion(),
                r.card().split().trainRows(), r.card().split().method(), r.card().split().holdoutRows());
        System.out.printf("holdout: AUC %.4f  PR-AUC %.4f  log-loss %.4f  ECE %.4f  lift@10%% %.2f%n",
                m.get("auc"), m.get("pr_auc"), m.get("log_loss"), m.get("ece"), m.get("lift_at_10pct"));
        if (!r.card().droppedColumns().isEmpty()) {
            System.out.println("not used as features: " + r.card().droppedColumns());
        }
        System.out.println("wrote " + out);
        return 0;
    }
}
