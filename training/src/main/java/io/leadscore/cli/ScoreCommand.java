package io.leadscore.cli;

import io.leadscore.batch.BatchRun;
import io.leadscore.batch.PreviousScores;
import io.leadscore.data.DataException;
import io.leadscore.data.ValueParser;
import io.leadscore.model.ModelDirectory;
import io.leadscore.predict.Predictor;
import io.leadscore.rules.RuleSet;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.spark.SparkScoring;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadscore score}: the API's answer for every lead of a file, in one run. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score every lead of a file exactly as POST /v1/predict answers it; bad rows go to OUT.rejects.csv.")
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory.")
    Path model;

    @Option(names = "--data", required = true, description = "Leads: .csv, .parquet, or a directory of Parquet parts.")
    Path data;

    @Option(names = "--out", required = true, description = "Output (.parquet or .csv), written atomically; a Parquet directory with --engine spark.")
    Path out;

    @Option(names = "--rules", description = "Point table (YAML) to score beside the model: adds rule_score and rule_tier.")
    Path rules;

    @Option(names = "--reasons", defaultValue = "5", description = "Reasons per lead (default: ${DEFAULT-VALUE}; 0 for none).")
    int reasons;

    @Option(names = "--id-column", defaultValue = "lead_id", description = "Column identifying each lead (default: ${DEFAULT-VALUE}).")
    String idColumn;

    @Option(names = "--changed-since", paramLabel = "PREVIOUS",
            description = "A previous output of score: write only leads that are new, changed tier, or moved by --min-score-change.")
    Path changedSince;

    @Option(names = "--min-score-change", paramLabel = "POINTS",
            description = "With --changed-since: also write leads whose score changed by at least this much (default: tier changes only).")
    Integer minScoreChange;

    @Option(names = "--scored-at", paramLabel = "INSTANT", description = "The scored_at written on every row (ISO-8601; default: now).")
    String scoredAt;

    @Option(names = "--threads", description = "Scoring threads (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() throws java.io.IOException {
        if (reasons < 0) {
            throw new DataException("--reasons", "must be 0 or more, got " + reasons);
        }
        if (minScoreChange != null && (changedSince == null || minScoreChange < 1)) {
            throw new DataException("--min-score-change", changedSince == null ? "needs --changed-since" : "must be at least 1");
        }
        long at = instant();
        RuleSet ruleSet = rules == null ? null : RuleSetParser.parse(rules);
        Predictor predictor = new Predictor(ModelDirectory.loadSegmented(model), ruleSet, reasons);
        PreviousScores previous = changedSince == null ? null : PreviousScores.read(changedSince, idColumn, minScoreChange);
        BatchRun.Summary s;
        if (engine.spark()) {
            if (predictor.models().column() != null) {
                throw new DataException(model.toString(), "has segment models (train --segment-by); the Spark engine scores models without "
                        + "segments: use the java engine");
            }
            if (previous != null) {
                throw new DataException("--changed-since", "is for the java engine (score on Spark, then compare with --changed-since locally)");
            }
            if (!out.toString().endsWith(".parquet") || data.toString().endsWith(".csv")) {
                throw new DataException(out.toString().endsWith(".parquet") ? data.toString() : out.toString(),
                        "the Spark engine reads and writes Parquet (a file or directory named *.parquet)");
            }
            try (SparkSession spark = engine.startSpark("score")) {
                s = SparkScoring.run(spark, new SparkScoring.Options(data.toString(), out.toString(), model, rules, predictor, idColumn, at));
            }
        } else {
            int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            s = BatchRun.run(new BatchRun.Options(data, out, predictor, idColumn, previous, at, n));
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rows", s.rows());
            m.put("scored", s.scored());
            m.put("rejected", s.rejected());
            m.put("written", s.written());
            m.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
            m.put("leads_per_second", Math.round(s.leadsPerSecond()));
            System.out.println(Json.write(m, false));
        } else {
            System.out.printf("scored %,d of %,d leads in %.1f s (%,.0f leads/s); wrote %,d to %s%n", s.scored(), s.rows(), s.seconds(),
                    s.leadsPerSecond(), s.written(), out);
            if (s.rejected() > 0) {
                System.out.printf("rejected %,d rows (every error by field): %s%n", s.rejected(), s.rejects());
            }
        }
        return 0;
    }

    private long instant() {
        if (scoredAt == null) {
            return Instant.now().toEpochMilli();
        }
        Instant i = ValueParser.parseTimestamp(scoredAt);
        if (i == null) {
            throw new DataException("--scored-at", "must be an ISO-8601 date or instant, got '" + scoredAt + "'");
        }
        return i.toEpochMilli();
    }
}
