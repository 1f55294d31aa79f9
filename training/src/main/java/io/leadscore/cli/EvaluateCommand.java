package io.leadscore.cli;

import io.leadscore.data.TableReader;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.training.Evaluation;
import io.leadscore.training.ScoredRows;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadscore evaluate}: a model's metrics on a data file (its holdout, if it is the training file). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure a model on labelled data. On the training file itself only the holdout rows count.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    LabelledDataOptions in;

    @Override
    public Integer call() {
        ConversionModel m = ModelDirectory.load(in.model);
        ScoredRows rows = ScoredRows.select(TableReader.read(in.data), in.data, in.label, m.card());
        Evaluation e = Evaluation.ofProbabilities(rows.probabilities(m), rows.y());
        Map<String, Object> out = e.toMap();
        out.put("evaluated_on", rows.evaluatedOn());
        if (in.json) {
            System.out.println(Json.write(out, false));
        } else {
            System.out.printf("%s on %s (%s rows): n=%d positives=%d%n", m.card().modelVersion(), in.data, rows.evaluatedOn(), e.n(), e.positives());
            System.out.printf("AUC %.4f  PR-AUC %.4f  log-loss %.4f  Brier %.4f  ECE %.4f  lift@10%% %.2f%n",
                    e.auc(), e.prAuc(), e.logLoss(), e.brier(), e.ece(), e.liftAt10pct());
        }
        return 0;
    }
}
