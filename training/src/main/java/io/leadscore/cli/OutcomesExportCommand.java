package io.leadscore.cli;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.data.ParquetTableWriter;
import io.leadscore.data.ParquetTableWriter.Field;
import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.FeedbackStore.ScoredOutcome;
import io.leadscore.feedback.LiveFigures;
import io.leadscore.feedback.Outcome;
import io.leadscore.feedback.PredictionRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leadscore outcomes export}: one Parquet row per reported outcome with the prediction that
 * judges it (the lead's latest prediction made at or before the outcome), for retraining and for
 * the live AUC; optionally also the latest prediction of every lead still waiting for its outcome.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the reported outcomes, each joined to the lead's latest prediction made at or before it, to a Parquet file "
                + "(replaced atomically). Safe while the server runs.")
final class OutcomesExportCommand implements Callable<Integer> {
    /** The columns of the export, in order. */
    static final List<Field> FIELDS = List.of(
            new Field("lead_id", ColumnType.CATEGORICAL, false),
            new Field("outcome_id", ColumnType.CATEGORICAL, true),
            new Field("converted", ColumnType.BOOLEAN, true),
            new Field("outcome_at", ColumnType.TIMESTAMP, true),
            new Field("deal_value", ColumnType.NUMERIC, true),
            new Field("model_version", ColumnType.CATEGORICAL, true),
            new Field("probability", ColumnType.NUMERIC, true),
            new Field("score", ColumnType.NUMERIC, true),
            new Field("tier", ColumnType.CATEGORICAL, true),
            new Field("predicted_at", ColumnType.TIMESTAMP, true),
            new Field("challenger_version", ColumnType.CATEGORICAL, true),
            new Field("challenger_probability", ColumnType.NUMERIC, true));

    @Option(names = "--out", required = true, description = "Parquet file to write.")
    Path out;

    @Option(names = "--feedback", defaultValue = "feedback.db",
            description = "The server's feedback store: the SQLite file 'serve --feedback' wrote, or postgresql://HOST:PORT/DB "
                    + "(credentials in PGUSER/PGPASSWORD or the URL; default: ${DEFAULT-VALUE}).")
    String feedback;

    @Option(names = "--include-pending",
            description = "Also write the latest prediction of each lead without a reported outcome (outcome columns empty).")
    boolean includePending;

    @Override
    public Integer call() {
        boolean database = feedback.matches("(?i)^(jdbc:)?postgres(ql)?://.*");
        if (!database && !Files.isRegularFile(Path.of(feedback))) {
            throw new DataException(feedback, "no feedback store here: pass --feedback with the file 'serve --feedback' writes, "
                    + "or postgresql://HOST:PORT/DB");
        }
        try (FeedbackStore store = FeedbackStore.open(feedback)) {
            List<ScoredOutcome> scored = store.scoredOutcomes();
            long judged = 0;
            long pending = 0;
            try (ParquetTableWriter w = ParquetTableWriter.create(out, FIELDS)) {
                Set<String> reported = new HashSet<>();
                for (ScoredOutcome s : scored) {
                    write(w, s.outcome(), s.prediction());
                    reported.add(s.outcome().leadId());
                    judged += s.prediction() == null ? 0 : 1;
                }
                if (includePending) {
                    for (PredictionRecord p : store.latestPredictions()) {
                        if (!reported.contains(p.leadId())) {
                            write(w, null, p);
                            pending++;
                        }
                    }
                }
                w.commit();
            }
            System.out.printf("exported %,d outcomes (%,d judged by a prediction made before them; live AUC %s)%s to %s%n",
                    scored.size(), judged, liveAuc(scored), includePending ? String.format(" and %,d leads still pending", pending) : "", out);
        }
        return 0;
    }

    private static void write(ParquetTableWriter w, Outcome o, PredictionRecord p) {
        w.write(o != null ? o.leadId() : p.leadId(),
                o == null ? null : o.outcomeId(),
                o == null ? null : o.converted(),
                o == null ? null : Instant.parse(o.at()).toEpochMilli(),
                o == null ? null : o.dealValue(),
                p == null ? null : p.modelVersion(),
                p == null ? null : p.probability(),
                p == null ? null : p.score(),
                p == null ? null : p.tier(),
                p == null ? null : p.at().toEpochMilli(),
                p == null ? null : p.challengerVersion(),
                p == null ? null : p.challengerProbability());
    }

    private static String liveAuc(List<ScoredOutcome> scored) {
        double auc = LiveFigures.auc(scored);
        return Double.isNaN(auc) ? "n/a: needs both outcomes" : String.format("%.4f", auc);
    }
}
