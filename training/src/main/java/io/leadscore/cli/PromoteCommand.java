package io.leadscore.cli;

import io.leadscore.data.DataException;
import io.leadscore.mlflow.Promotion;
import io.leadscore.mlflow.PromotionCheck;
import io.leadscore.mlflow.TrackingServer;
import io.leadscore.registry.ModelVersion;
import io.leadscore.training.Evaluation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leadscore promote}: points an alias of a registered model (e.g. {@code champion}) at a
 * version; with {@code --if-not-worse} only when that version is not worse than the current holder
 * of the alias on the newest labelled leads (exit code 3 when refused).
 */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Point an alias (e.g. champion) of an MLflow registered model at a version; with --if-not-worse only if it "
                + "is not worse than the current one on the newest labelled leads (exit code 3 if it is).")
final class PromoteCommand implements Callable<Integer> {
    /** Exit code when {@code --if-not-worse} refuses a candidate. */
    static final int NOT_PROMOTED = 3;

    @Option(names = "--name", required = true, description = "Registered model.")
    String name;

    @Option(names = "--version", required = true, description = "Version to promote.")
    String version;

    @Option(names = "--alias", defaultValue = "champion", description = "Alias to set (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = TrackingServer.URI_FLAG, paramLabel = "URL", description = "MLflow tracking server (default: $" + TrackingServer.URI_VARIABLE + ").")
    String mlflowUri;

    @Option(names = "--if-not-worse", description = "Promote only if the version's AUC is not lower and its log-loss not higher "
            + "than the current alias holder's on --data.")
    boolean ifNotWorse;

    @Option(names = "--data", description = "Labelled leads to compare on (.csv or .parquet), with --if-not-worse.")
    Path data;

    @Option(names = "--label", description = "Outcome column of --data.")
    String label;

    @Option(names = "--time-column", description = "Compare on the newest 20% of --data by this column (default: all rows).")
    String timeColumn;

    @Override
    public Integer call() {
        if (!version.matches("[1-9][0-9]*")) {
            throw new DataException("--version", "must be a registered model version number, got '" + version + "'");
        }
        if (ifNotWorse && (data == null || label == null)) {
            throw new DataException("--if-not-worse", "needs --data FILE and --label COL to compare the models on");
        }
        if (!ifNotWorse && (data != null || label != null || timeColumn != null)) {
            throw new DataException(data != null ? "--data" : label != null ? "--label" : "--time-column", "is only used with --if-not-worse");
        }
        Promotion promotion = new Promotion(TrackingServer.required(mlflowUri));
        if (!ifNotWorse) {
            ModelVersion v = promotion.promote(name, version, alias);
            System.out.printf("%s is now '%s'%n", v, alias);
            return 0;
        }
        Promotion.Outcome o = promotion.promoteIfNotWorse(name, version, alias, data, label, timeColumn);
        if (o.check().isEmpty()) {
            System.out.printf("%s is now '%s' (%s)%n", o.candidate(), alias,
                    o.champion().isEmpty() ? "there was no '" + alias + "' to compare with" : "it already was");
            return 0;
        }
        PromotionCheck c = o.check().get();
        Evaluation e = c.candidate();
        System.out.printf("on %,d leads of %s (%s), %,d converted:%n", e.n(), data, c.rows(), e.positives());
        print("candidate", o.candidate(), e);
        print(alias, o.champion().get(), c.champion());
        for (PromotionCheck.SegmentCheck sc : c.segments()) {
            System.out.printf("  segment %s (%,d leads): candidate AUC %.4f log-loss %.4f | %s AUC %.4f log-loss %.4f%n", sc.value(),
                    sc.candidate().n(), sc.candidate().auc(), sc.candidate().logLoss(), alias, sc.champion().auc(), sc.champion().logLoss());
        }
        if (o.promoted()) {
            System.out.printf("promoted: %s is now '%s'%n", o.candidate(), alias);
            return 0;
        }
        System.out.printf("not promoted: %s; '%s' stays %s%n", c.whyWorse(), alias, o.champion().get());
        return NOT_PROMOTED;
    }

    private static void print(String role, ModelVersion v, Evaluation e) {
        System.out.printf("  %-10s %-24s AUC %.4f  log-loss %.4f%n", role, v, e.auc(), e.logLoss());
    }
}
