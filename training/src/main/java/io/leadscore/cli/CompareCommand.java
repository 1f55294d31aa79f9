package io.leadscore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.dashboard.DashboardPage;
import io.leadscore.data.AtomicFiles;
import io.leadscore.data.Column;
import io.leadscore.report.ComparisonReport;
import io.leadscore.data.ColumnType;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.SegmentedModel;
import io.leadscore.rules.RuleSet;
import io.leadscore.rules.RuleSetParser;
import io.leadscore.rules.Tier;
import io.leadscore.training.Comparison;
import io.leadscore.training.Evaluation;
import io.leadscore.training.ScoredRows;
import io.leadscore.training.SegmentMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadscore compare}: the model against the point-table rules on the same leads. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare a model with point-table rules on the same labelled leads (the holdout, on the training file), "
                + "overall and, with segments, per segment.")
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--rules", required = true, description = "Rules file (YAML), e.g. rules/default-rules.yaml.")
    Path rules;

    @Mixin
    LabelledDataOptions in;

    @Option(names = "--report", description = "Also write a self-contained HTML report (no server or network needed to open it) "
            + "and its data as FILE.json beside it (serve it with 'serve --dashboard FILE.json').")
    Path report;

    @Override
    public Integer call() {
        SegmentedModel models = ModelDirectory.loadSegmented(in.model);
        ConversionModel m = models.pooled();
        RuleSet r = RuleSetParser.parse(rules);
        Table table = TableReader.read(in.data);
        Map<String, ColumnType> types = new LinkedHashMap<>();
        for (Column c : table.columns()) {
            types.put(c.name(), c.type());
        }
        r.validate(types);
        ScoredRows rows = ScoredRows.select(table, in.data, in.label, m.card());
        double[] p = rows.probabilities(models);
        Tier[] modelTiers = new Tier[p.length];
        for (int i = 0; i < p.length; i++) {
            modelTiers[i] = models.route(rows.table().row(i)).tierOf(p[i]);
        }
        Path scorecardFile = in.model.resolve(ModelDirectory.SCORECARD_FILE);
        Comparison.PointScores scorecard = Files.isRegularFile(scorecardFile) ? pointScores(rows, RuleSetParser.parse(scorecardFile)) : null;
        Evaluation e = Evaluation.ofProbabilities(p, rows.y());
        Comparison.PointScores rulePoints = pointScores(rows, r);
        Map<String, Object> out = Comparison.of(e, modelTiers, rulePoints, scorecard, rows.y());
        out.put("evaluated_on", rows.evaluatedOn());
        String column = in.segmentColumn(models);
        if (column != null) {
            out.put("segment_column", column);
            out.put("segments", SegmentMetrics.comparisons(rows.table(), column, p, modelTiers, rulePoints, scorecard, rows.y(), models));
        }
        if (report != null) {
            writeReport(ComparisonReport.build(models, r, scorecard == null ? null : RuleSetParser.parse(scorecardFile), rows, out,
                    in.data.toString(), column));
        }
        if (in.json) {
            System.out.println(Json.write(out, false));
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> rm = (Map<String, Object>) out.get("rules");
            System.out.printf("on %,d leads (%s rows of %s), %,d converted:%n", e.n(), rows.evaluatedOn(), in.data, e.positives());
            System.out.printf("  %-28s AUC %.4f  PR-AUC %.4f  lift@10%% %.2f%n", "model " + m.card().modelVersion(), e.auc(), e.prAuc(), e.liftAt10pct());
            System.out.printf("  %-28s AUC %.4f  PR-AUC %.4f  lift@10%% %.2f%n", "rules " + r.name(), rm.get("auc"), rm.get("pr_auc"), rm.get("lift_at_10pct"));
            if (out.get("scorecard") instanceof Map<?, ?> sm) {
                System.out.printf("  %-28s AUC %.4f  PR-AUC %.4f  lift@10%% %.2f%n", "learned scorecard", sm.get("auc"), sm.get("pr_auc"), sm.get("lift_at_10pct"));
            }
            System.out.printf("  model calibration: ECE %.4f, log-loss %.4f%n", e.ece(), e.logLoss());
            if (column != null) {
                System.out.println("  by " + column + " (model | rules AUC):");
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> segments = (Map<String, Map<String, Object>>) out.get("segments");
                segments.forEach((value, s) -> {
                    Map<?, ?> model = s.get("model") instanceof Map<?, ?> mm ? mm : s;
                    Object rules = s.get("rules") instanceof Map<?, ?> rr ? rr.get("auc") : null;
                    System.out.printf("    %-20s %,7d leads  AUC %s | %s  (%s model %s)%n", value, ((Number) model.get("n")).longValue(),
                            EvaluateCommand.fmt(model.get("auc")), EvaluateCommand.fmt(rules), s.get("served_by"), s.get("model_version"));
                });
            }
            System.out.println("  conversion rate by tier (rules | model):");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Map<String, Object>>> tiers = (Map<String, Map<String, Map<String, Object>>>) out.get("tiers");
            for (Tier t : Tier.values()) {
                var rt = tiers.get("rules").get(t.label());
                var mt = tiers.get("model").get(t.label());
                System.out.printf("    %-5s %7s of %,7d | %7s of %,7d%n", t.label(), pct(rt.get("conversion_rate")), (Long) rt.get("n"),
                        pct(mt.get("conversion_rate")), (Long) mt.get("n"));
            }
        }
        return 0;
    }

    private void writeReport(Map<String, Object> dashboard) {
        try {
            JsonNode tree = new ObjectMapper().valueToTree(dashboard);
            Path jsonFile = report.resolveSibling(report.getFileName().toString().replaceFirst("\\.html?$", "") + ".json");
            AtomicFiles.write(jsonFile, new ObjectMapper().writeValueAsString(tree));
            AtomicFiles.write(report, DashboardPage.render(tree, DashboardPage.Mode.STATIC));
            if (!in.json) {
                System.out.println("wrote " + report + " (data: " + jsonFile + ")");
            }
        } catch (java.io.IOException e) {
            throw new io.leadscore.data.DataException(report.toString(), "cannot write the report: " + e.getMessage());
        }
    }

    private static Comparison.PointScores pointScores(ScoredRows rows, RuleSet rules) {
        double[] points = rows.points(rules);
        Tier[] tiers = new Tier[points.length];
        for (int i = 0; i < points.length; i++) {
            tiers[i] = rules.tierOf((int) points[i]);
        }
        return new Comparison.PointScores(points, tiers);
    }

    private static String pct(Object rate) {
        return rate == null ? "-" : String.format("%.1f%%", 100 * (Double) rate);
    }
}
