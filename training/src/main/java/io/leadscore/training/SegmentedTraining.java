package io.leadscore.training;

import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.features.LabelParser;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelCard;
import io.leadscore.model.SegmentedModel;
import io.leadscore.model.SegmentsInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code train --segment-by COLUMN}: a pooled model on every row (the segment column is an input
 * like any other unless excluded), then, per value of the column, a model of its own on that value's
 * rows, with the same options and the pooled split restricted to them (so a segment's holdout is
 * exactly the pooled holdout's rows of that value, which neither model learned from). A segment is
 * served by its own model only when it has at least {@code --min-positives} converted leads in its
 * training window and its model beats the pooled one on its holdout: a higher AUC and a lower
 * log-loss. Every other value, a missing value and values never seen are served by the pooled model.
 */
public final class SegmentedTraining {
    /** The rule, in words, as the card states it. */
    public static final String RULE = "a value is served by its own model when its training window has at least min_positives converted "
            + "leads and its model has a higher AUC and a lower log-loss than the pooled model on the value's holdout rows; other values, "
            + "missing values and values never seen are served by the pooled model";

    private SegmentedTraining() {
    }

    /**
     * A trained segment model that serves its value.
     *
     * @param value the segment value
     * @param directory its directory inside the model directory
     * @param result the model, its card (with {@code parameters.segment}) and scorecard
     */
    public record Trained(String value, String directory, TrainingRun.Result result) {
    }

    /**
     * @param pooled the pooled model as trained
     * @param pooledCard its card with the {@code segments} section (the top card of the directory)
     * @param served the segment models that serve their value
     */
    public record Result(TrainingRun.Result pooled, ModelCard pooledCard, List<Trained> served) {
    }

    /** Trains the pooled model and each value's, and decides who serves each value. */
    public static Result train(TrainingRun.Options o, String column) {
        Table table = TableReader.read(o.data());
        table.require(column, "segment");
        if (column.equals(o.label()) || column.equals(o.timeColumn())) {
            throw new DataException("--segment-by", "the segment column must not be the label or the time column");
        }
        String sha = Hashing.sha256(o.data());
        String salt = "segment-by=" + column;
        TrainingRun.Result pooled = TrainingRun.train(o, table, sha, null, salt);
        int[] y = LabelParser.parse(table, o.label());
        boolean[] held = new boolean[table.rowCount()];
        for (int r : pooled.split().holdout()) {
            held[r] = true;
        }
        List<SegmentsInfo.Segment> entries = new ArrayList<>();
        List<Trained> served = new ArrayList<>();
        for (Map.Entry<String, int[]> e : SegmentMetrics.rows(table, column).entrySet()) {
            String value = e.getKey();
            if (value.equals(SegmentMetrics.MISSING)) {
                continue; // served by the pooled model
            }
            int[] rows = e.getValue();
            Table sub = table.select(rows);
            Split split = restrict(pooled.split(), rows, held, sub);
            long trainPositives = positives(y, rows, split.train());
            long holdoutPositives = positives(y, rows, split.holdout());
            Map<String, Object> pooledMetrics = metricsOn(pooled.holdoutScorer(), table, rows, split.holdout(), y);
            long positives = trainPositives + holdoutPositives;
            String reason = null;
            TrainingRun.Result own = null;
            if (trainPositives < o.minPositives()) {
                reason = "too few converted leads in its training window (" + trainPositives + ", at least " + o.minPositives() + " needed)";
            } else if (pooledMetrics == null) {
                reason = "its holdout has only one class (" + holdoutPositives + " converted of " + split.holdout().length + "): cannot be measured";
            } else {
                try {
                    own = TrainingRun.train(o, sub, sha, split, salt + "|segment=" + value);
                } catch (DataException ex) {
                    reason = "its model could not be trained: " + ex.getMessage();
                }
            }
            Map<String, Object> ownMetrics = own == null ? null : headline(own.card().holdoutMetrics());
            String directory = null;
            if (own != null) {
                double a = number(ownMetrics, "auc"), pa = number(pooledMetrics, "auc");
                double l = number(ownMetrics, "log_loss"), pl = number(pooledMetrics, "log_loss");
                String figures = String.format(java.util.Locale.ROOT, "AUC %.4f vs %.4f, log-loss %.4f vs %.4f", a, pa, l, pl);
                if (a > pa && l < pl) {
                    reason = "its model beat the pooled model on its holdout (" + figures + ")";
                    directory = SegmentsInfo.DIRECTORY + "/" + SegmentedModel.directoryName(value);
                    served.add(new Trained(value, directory, withSegment(own, column, value)));
                } else {
                    reason = "its model did not beat the pooled model on its holdout (" + figures + ")";
                }
            }
            entries.add(new SegmentsInfo.Segment(value, directory, rows.length, positives, split.info(), trainPositives, holdoutPositives,
                    own == null ? null : own.card().modelVersion(), ownMetrics, pooledMetrics,
                    directory != null ? SegmentsInfo.SEGMENT : SegmentsInfo.POOLED, reason));
        }
        ModelCard card = pooled.card().withSegments(new SegmentsInfo(column, o.minPositives(), RULE, entries));
        return new Result(pooled, card, served);
    }

    /** The pooled split restricted to {@code rows}, as positions in {@code rows} (the sub-table's rows). */
    static Split restrict(Split pooled, int[] rows, boolean[] held, Table sub) {
        if ("time".equals(pooled.info().method())) {
            return Split.byCutoff(sub, pooled.info());
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> holdout = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            (held[rows[i]] ? holdout : train).add(i);
        }
        ModelCard.SplitInfo p = pooled.info();
        return new Split(train.stream().mapToInt(Integer::intValue).toArray(), holdout.stream().mapToInt(Integer::intValue).toArray(),
                new ModelCard.SplitInfo(p.method(), p.holdoutFraction(), null, null, null, null, null, train.size(), holdout.size()));
    }

    private static long positives(int[] y, int[] rows, int[] positions) {
        long n = 0;
        for (int i : positions) {
            n += y[rows[i]];
        }
        return n;
    }

    /** The metrics of a model on the given rows, or null when they do not have both classes. */
    private static Map<String, Object> metricsOn(ConversionModel m, Table table, int[] rows, int[] positions, int[] y) {
        double[] p = new double[positions.length];
        int[] yy = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            p[i] = m.probability(table.row(rows[positions[i]]));
            yy[i] = y[rows[positions[i]]];
        }
        long pos = Evaluation.positives(yy);
        return pos == 0 || pos == yy.length ? null : Evaluation.ofProbabilities(p, yy).toMap();
    }

    /** A card's holdout metrics without the interval, the curve and the scorecard's (the card of the segment's own directory has them). */
    private static Map<String, Object> headline(Map<String, Object> metrics) {
        Map<String, Object> m = new LinkedHashMap<>(metrics);
        m.keySet().retainAll(List.of("n", "positives", "auc", "pr_auc", "log_loss", "brier", "ece", "lift_at_10pct"));
        return m;
    }

    private static double number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    private static TrainingRun.Result withSegment(TrainingRun.Result r, String column, String value) {
        Map<String, Object> parameters = new LinkedHashMap<>(r.card().parameters());
        parameters.put("segment", Map.of("column", column, "value", value));
        ModelCard card = r.card().withResults(r.card().calibration(), r.card().tiers(), r.card().holdoutMetrics(), parameters);
        return new TrainingRun.Result(r.model(), card, ConversionModel.of(r.model(), card), r.scorecard(), r.scorecardYaml(), r.split(),
                r.holdoutScorer());
    }
}
