package io.leadscore.batch;

import io.leadscore.features.FieldLayout;
import io.leadscore.features.PositionalLead;
import io.leadscore.predict.InputValues;
import io.leadscore.predict.LeadCheck;
import io.leadscore.predict.Prediction;
import io.leadscore.predict.Predictor;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks and scores a chunk of leads with the scoring core, exactly as {@code POST /v1/predict}
 * would: the same check ({@link LeadCheck}, the same messages) and the same {@link Predictor}. A
 * row with a mistake becomes a reject; with {@code --changed-since}, only leads whose answer
 * changed are kept. Thread-safe: chunks are scored in parallel.
 */
public final class ChunkScorer {
    private final Predictor predictor;
    private final ScoreInputs inputs;
    private final PreviousScores previous;

    /**
     * @param previous the previous output's scores to compare with, or null to keep every lead
     */
    public ChunkScorer(Predictor predictor, ScoreInputs inputs, PreviousScores previous) {
        this.predictor = predictor;
        this.inputs = inputs;
        this.previous = previous;
    }

    /** Scores the leads of a chunk whose first row has number {@code firstRow}. */
    public ScoredChunk score(LeadSource.Rows rows, long firstRow) {
        long[] numbers = new long[rows.values().length];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = firstRow + i;
        }
        return score(rows, numbers);
    }

    /** Scores the leads of a chunk, each with its row number. */
    public ScoredChunk score(LeadSource.Rows rows, long[] rowNumbers) {
        Object[][] values = rows.values();
        int n = values.length;
        long[] keptRows = new long[n];
        String[] ids = new String[n];
        Prediction[] predictions = new Prediction[n];
        int kept = 0;
        List<ScoredChunk.Reject> rejects = new ArrayList<>(0);
        LeadCheck check = inputs.check();
        FieldLayout layout = check.layout();
        int idSlot = inputs.idSlot();
        Collected errors = new Collected();
        for (int i = 0; i < n; i++) {
            Object[] v = values[i];
            Object id = v[idSlot];
            errors.list = null;
            if (rows.problems() != null && rows.problems()[i] != null) {
                errors.add(rows.problems()[i][0], rows.problems()[i][1]);
            }
            Object[] row = errors.list == null ? check.check(v, errors) : null;
            String idProblem = InputValues.idProblem(id);
            if (idProblem != null) {
                errors.add(inputs.idColumn(), idProblem);
            }
            String idText = InputValues.id(id);
            if (errors.list != null) {
                rejects.add(new ScoredChunk.Reject(rowNumbers[i], idText, errors.list));
                continue;
            }
            Prediction p = predictor.predict(new PositionalLead(layout, row));
            if (previous == null || previous.changed(idText, p.score(), p.tier())) {
                keptRows[kept] = rowNumbers[i];
                ids[kept] = idText;
                predictions[kept++] = p;
            }
        }
        return new ScoredChunk(n, ids, predictions, keptRows, kept, rejects);
    }

    /** A row's errors, the list made only for a row that has one. */
    private static final class Collected implements LeadCheck.Errors {
        List<String[]> list;

        @Override
        public void add(String field, String message) {
            if (list == null) {
                list = new ArrayList<>(2);
            }
            list.add(new String[] {field, message});
        }
    }
}
