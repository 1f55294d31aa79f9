package io.leadscore.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of commands that judge a model on labelled data ({@code evaluate}, {@code compare}). */
final class LabelledDataOptions {
    @Option(names = "--model", required = true, description = "Model directory.")
    Path model;

    @Option(names = "--data", required = true, description = "Labelled data (.csv or .parquet).")
    Path data;

    @Option(names = "--label", required = true, description = "Outcome column.")
    String label;

    @Option(names = "--json", description = "Print exactly one JSON object.")
    boolean json;

    @Option(names = "--segment-by", description = "Also measure per value of this column (default: the model's segment column, "
            + "for a model trained with --segment-by).")
    String segmentBy;

    /** The column to measure per value of, or null for none. */
    String segmentColumn(io.leadscore.model.SegmentedModel m) {
        return segmentBy != null ? segmentBy : m.column();
    }
}
