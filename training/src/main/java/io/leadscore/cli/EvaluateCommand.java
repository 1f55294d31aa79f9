package io.leadscore.cli;

import io.leadscore.data.TableReader;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.SegmentedModel;
import io.leadscore.training.Evaluation;
import io.leadscore.training.SegmentMetrics;
import io.leadscore.training.ScoredRows;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadscore evaluate}: a model's metrics on a data file (its holdout, if it is the training file). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure a model on labelled data (overall and, with segments, per segment). On the training file itself "
                + "only the holdout rows count.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    LabelledDataOptions in;

    @Override
    public Integer call() {
        SegmentedModel models = ModelDirectory.loadSegmented(in.model);
        ConversionModel m = models.pooled();
        ScoredRows rows = ScoredRows.select(TableReader.read(in.data), in.data, in.label, m.card());
        double[] p = rows.probabilities(models);
        Evaluation e = Evaluation.ofProbabilities(p, rows.y());
        Map<String, Object> out = e.toMap();
        out.put("evaluated_on", rows.evaluatedOn());
        String column = in.segmentColumn(models);
        Map<String, Object> segments = column == null ? null : SegmentMetrics.of(rows.table(), column, p, rows.y(), models);
        if (segments != null) {
            out.put("segment_column", column);
            out.put("segments", segments);
        }
        if (in.json) {
            System.out.println(Json.write(out, false));
        } else {
            System.out.printf("%s on %s (%s rows): n=%d positives=%d%n", m.card().modelVersion(), in.data, rows.evaluatedOn(), e.n(), e.positives());
            System.out.printf("AUC %.4f  PR-AUC %.4f  log-loss %.4f  Brier %.4f  ECE %.4f  lift@10%% %.2f%n",
                    e.auc(), e.prAuc(), e.logLoss(), e.brier(), e.ece(), e.liftAt10pct());
            if (segments != null) {
                System.out.println("by " + column + ":");
                segments.forEach((value, o) -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> s = (Map<String, Object>) o;
                    System.out.printf("  %-20s n=%-7d AUC %s  log-loss %s  (%s model %s)%n", value, s.get("n"), fmt(s.get("auc")),
                            fmt(s.get("log_loss")), s.get("served_by"), s.get("model_version"));
                });
            }
        }
        return 0;
    }

    /** A metric to 4 decimals, or "-" when there is none. */
    static String fmt(Object v) {
        return v == null ? "-" : String.format("%.4f", ((Number) v).doubleValue());
    }
}
