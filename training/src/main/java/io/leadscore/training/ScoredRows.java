package io.leadscore.training;

import io.leadscore.data.Column;
import io.leadscore.data.DataException;
import io.leadscore.data.Table;
import io.leadscore.features.InputFeature;
import io.leadscore.features.LabelParser;
import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelCard;
import io.leadscore.rules.RuleSet;

/**
 * The leads of a data file that a model is judged on, with their outcomes. When the file is the one
 * the model was trained on (same SHA-256), only the holdout rows are used, re-selected exactly as in
 * training, so that metrics are never computed on rows the model learned from; any other file is
 * used whole. A model refitted on every row ({@code train --refit-all}) has seen its holdout: its rows
 * are then {@code "holdout_seen_in_refit"}, and only the card's holdout metrics (from the same recipe
 * fitted without them) are honest. A segment model ({@code train --segment-by}) is judged on its
 * own value's holdout rows.
 *
 * @param table the selected rows
 * @param y their outcomes
 * @param evaluatedOn {@code "holdout"}, {@code "holdout_seen_in_refit"} or {@code "all"}
 */
public record ScoredRows(Table table, int[] y, String evaluatedOn) {

    public static ScoredRows select(Table full, java.nio.file.Path file, String label, ModelCard card) {
        checkColumns(full, card);
        int[] y = LabelParser.parse(full, label);
        if (!Hashing.sha256(file).equals(card.data().sha256())) {
            return new ScoredRows(full, y, "all");
        }
        Split split = "time".equals(card.split().method())
                ? Split.byCutoff(full, card.split())
                : Split.stratified(y, card.seed());
        int[] rows = segmentRows(full, card, split.holdout());
        int[] yHoldout = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            yHoldout[i] = y[rows[i]];
        }
        boolean refitted = card.parameters() != null && Boolean.TRUE.equals(card.parameters().get("refit_all"));
        return new ScoredRows(full.select(rows), yHoldout, refitted ? "holdout_seen_in_refit" : "holdout");
    }

    /**
     * The rows of a segment model's own value ({@code parameters.segment} of its card, written by
     * {@code train --segment-by}), or all of them for any other model.
     */
    private static int[] segmentRows(Table full, ModelCard card, int[] rows) {
        Object segment = card.parameters() == null ? null : card.parameters().get("segment");
        if (!(segment instanceof java.util.Map<?, ?> s) || full.column(String.valueOf(s.get("column"))).isEmpty()) {
            return rows;
        }
        Column c = full.column(String.valueOf(s.get("column"))).get();
        String value = String.valueOf(s.get("value"));
        return java.util.Arrays.stream(rows).filter(r -> value.equals(io.leadscore.model.SegmentedModel.key(c.value(r)))).toArray();
    }

    /**
     * All rows of {@code rows} with their outcomes, checked to have the columns the model needs;
     * {@code evaluatedOn} says which rows they are.
     */
    public static ScoredRows of(Table rows, String label, ModelCard card, String evaluatedOn) {
        checkColumns(rows, card);
        return new ScoredRows(rows, LabelParser.parse(rows, label), evaluatedOn);
    }

    /** The model's probability for every row. */
    public double[] probabilities(ConversionModel model) {
        double[] p = new double[table.rowCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = model.probability(table.row(i));
        }
        return p;
    }

    /** The probability of every row by the model its segment routes it to (the pooled one for a model without segments). */
    public double[] probabilities(io.leadscore.model.SegmentedModel models) {
        double[] p = new double[table.rowCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = models.route(table.row(i)).probability(table.row(i));
        }
        return p;
    }

    /** The rule points of every row. */
    public double[] points(RuleSet rules) {
        double[] s = new double[table.rowCount()];
        for (int i = 0; i < s.length; i++) {
            s[i] = rules.points(table.row(i));
        }
        return s;
    }

    /** Every input the model requires must be a column of the same type. */
    private static void checkColumns(Table table, ModelCard card) {
        for (InputFeature in : card.features().inputs()) {
            Column c = table.column(in.name()).orElse(null);
            if (c == null) {
                if (in.required()) {
                    throw new DataException(table.source(), null, in.name(), "the model needs this column and the file does not have it");
                }
                continue;
            }
            if (c.type() != in.type()) {
                throw new DataException(table.source(), null, in.name(), "the model was trained on "
                        + in.type().name().toLowerCase() + " values here, the file has " + c.type().name().toLowerCase());
            }
        }
    }
}
