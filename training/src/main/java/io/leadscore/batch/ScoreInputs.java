package io.leadscore.batch;

import io.leadscore.data.ColumnType;
import io.leadscore.features.InputFeature;
import io.leadscore.predict.LeadCheck;
import io.leadscore.predict.Predictor;
import java.util.List;

/**
 * What a batch reader reads of each lead: the models' inputs, the rules' fields and the segment column at the positions
 * of the scoring core's {@link LeadCheck}, then the id column. A reader fills one {@code Object[]}
 * of {@link #width()} values per lead, as the API's reader keeps JSON values: a String, an Integer,
 * Long or Double, a Boolean, or null when absent.
 */
public final class ScoreInputs {
    private final LeadCheck check;
    private final String idColumn;
    private final List<String> names;
    private final ColumnType[] types;
    private final String rulesFile;
    private final String segmentColumn;

    /**
     * @param predictor the model and rules to read for
     * @param idColumn the column identifying each lead
     */
    public ScoreInputs(Predictor predictor, String idColumn) {
        this.check = new LeadCheck(predictor.inputs(), predictor.otherFields());
        this.idColumn = idColumn;
        this.names = check.layout().names();
        this.types = new ColumnType[names.size()];
        this.rulesFile = predictor.rules() == null ? null : predictor.rules().file();
        this.segmentColumn = predictor.models().column();
        for (InputFeature in : predictor.inputs()) {
            types[check.layout().positionOf(in.name())] = in.type();
        }
    }

    /** The check of a lead's values (the API's). */
    public LeadCheck check() {
        return check;
    }

    public String idColumn() {
        return idColumn;
    }

    /** The number of values per lead: the layout's, then the id. */
    public int width() {
        return names.size() + 1;
    }

    /** The position of the id among a lead's values. */
    public int idSlot() {
        return names.size();
    }

    /** The column read into each position but the id's. */
    public List<String> names() {
        return names;
    }

    /** The model's type of the input at a position, or null for a field only the rules read. */
    public ColumnType typeAt(int slot) {
        return types[slot];
    }

    /**
     * Why a file without the column read at a position cannot be scored, or null when it can: a
     * required input (the model always had it in training) or a field only the rules read (its
     * points would silently be 0 for every lead); an optional input is imputed, as the API does.
     */
    public String whyNeeded(int slot) {
        if (types[slot] == null && names.get(slot).equals(segmentColumn)) {
            return "the model's segments are chosen by this column, the file does not have it";
        }
        if (types[slot] == null) {
            return "the rules (" + rulesFile + ") read this column, the file does not have it";
        }
        return requiredAt(slot) ? "the model needs this column, the file does not have it" : null;
    }

    /** Whether the input at a position must be present (a column the model always had in training). */
    private boolean requiredAt(int slot) {
        String name = names.get(slot);
        return check.inputs().stream().anyMatch(in -> in.name().equals(name) && in.required());
    }
}
