package io.leadscore.training;

import io.leadscore.data.DataException;

/**
 * Refusals to train on too little history, shared by both engines: too few converted leads in the
 * training window, or a part of the split with only one class. Each is a {@link DataException}
 * naming the data and the label column.
 */
public final class HistoryChecks {
    private HistoryChecks() {
    }

    /**
     * The training window needs at least {@code minPositives} converted leads, and both classes. The
     * refusal says how many more conversions are needed, and that the point table can be served
     * meanwhile (a cold start) with the model picked up once it is trained.
     */
    public static void requireHistory(String source, String label, long positives, long rows, int minPositives) {
        if (positives < minPositives) {
            throw new DataException(source, null, label, "too little history: the training window has " + positives
                    + " converted leads, at least " + minPositives + " are needed (--min-positives) for a model worth trusting, so "
                    + (minPositives - positives) + " more converted leads in the training window (the 20% held out for measuring does not count); "
                    + "until then, serve your point table alone: leadscore serve --rules FILE --model DIR answers with the rule score "
                    + "and picks up the model once train writes it to DIR");
        }
        requireBothClasses(source, label, positives, rows, "training");
    }

    /** A part of the split ({@code part}: training, calibration, holdout) needs both classes. */
    public static void requireBothClasses(String source, String label, long positives, long rows, String part) {
        if (positives == 0 || positives == rows) {
            throw new DataException(source, null, label, "the " + part + " rows have only one class ("
                    + (positives == 0 ? "no conversions" : "only conversions") + " in " + rows + " rows); more history is needed");
        }
    }
}
