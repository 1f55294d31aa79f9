package io.leadscore.offline;

import io.leadscore.data.ColumnType;
import io.leadscore.data.ParquetTableWriter;
import io.leadscore.events.Event;
import io.leadscore.featurestore.FeatureDefinition;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureValues;
import io.leadscore.featurestore.PointInTimeFeatures;
import io.leadscore.featurestore.Window;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a point-in-time-correct training set from an event log and lead snapshots, streaming
 * lead by lead (memory holds one lead's events). For every lead and every scoring instant
 * {@code t} (each snapshot's {@code scored_at}, plus, with {@code snapshotEvery}, more instants at
 * that interval), one output row: {@code lead_id}, {@code scored_at = t}, every defined feature from
 * the attribute snapshot valid at {@code t} and the events strictly before {@code t}
 * ({@link PointInTimeFeatures}), and the label: converted within the label window after {@code t}.
 * Instants at or after the lead's conversion are not scored (it is a customer by then); with
 * {@code asOf}, instants whose label window is not over by then are dropped (their label is not
 * known yet). The output is written to a temporary file and moved into place atomically.
 */
public final class OfflineFeatureBuild {
    /**
     * What to build.
     *
     * @param events the event log (.parquet)
     * @param leads the lead snapshots (.parquet)
     * @param definitions the features
     * @param labelWindow how long after scoring a conversion counts as positive
     * @param snapshotEvery interval of extra scoring instants after each snapshot, or null
     * @param snapshots scoring instants per snapshot row (1 = only its {@code scored_at})
     * @param asOf epoch milliseconds the outcomes are known up to, or null for "all known"
     * @param out the training set to write (.parquet)
     */
    public record Options(Path events, Path leads, FeatureDefinitions definitions, Window labelWindow, Window snapshotEvery,
                          int snapshots, Long asOf, Path out) {
    }

    /**
     * What was built.
     *
     * @param rows rows written
     * @param leads distinct leads written
     * @param positives rows with a positive label
     * @param eventsRead events read
     * @param eventsWithoutLead events of leads not in the snapshot file
     * @param skippedConverted scoring instants dropped because the lead had converted already
     * @param skippedUnlabelled scoring instants dropped because their label window ends after {@code asOf}
     * @param labelColumn the label column's name
     */
    public record Summary(long rows, long leads, long positives, long eventsRead, long eventsWithoutLead,
                          long skippedConverted, long skippedUnlabelled, String labelColumn) {
    }

    private OfflineFeatureBuild() {
    }

    /** The name of the label column for a label window, e.g. {@code converted_within_30d}. */
    public static String labelColumn(Window labelWindow) {
        return "converted_within_" + labelWindow.text();
    }

    /** The output schema: lead_id, scored_at, the features in definition order, the label. */
    public static List<ParquetTableWriter.Field> outputFields(FeatureDefinitions definitions, String labelColumn) {
        List<ParquetTableWriter.Field> fields = new ArrayList<>();
        fields.add(new ParquetTableWriter.Field(FeatureDefinitions.ENTITY, ColumnType.CATEGORICAL, false));
        fields.add(new ParquetTableWriter.Field(FeatureDefinitions.SCORED_AT, ColumnType.TIMESTAMP, false));
        for (FeatureDefinition d : definitions.definitions()) {
            fields.add(new ParquetTableWriter.Field(d.name(), d.type(), true));
        }
        if (labelColumn != null) {
            fields.add(new ParquetTableWriter.Field(labelColumn, ColumnType.BOOLEAN, false));
        }
        return fields;
    }

    public static Summary run(Options o) {
        FeatureDefinitions defs = o.definitions();
        PointInTimeFeatures transform = new PointInTimeFeatures(defs);
        String label = labelColumn(o.labelWindow());
        List<FeatureDefinition> list = defs.definitions();
        long rows = 0, leads = 0, positives = 0, skippedConverted = 0, skippedUnlabelled = 0;
        try (LeadSnapshotReader snapshots = new LeadSnapshotReader(o.leads(), defs, true);
             EventLogReader events = new EventLogReader(o.events());
             ParquetTableWriter out = ParquetTableWriter.create(o.out(), outputFields(defs, label))) {
            Object[] row = new Object[list.size() + 3];
            for (LeadSnapshotReader.LeadHistory lead; (lead = snapshots.next()) != null; ) {
                List<Event> history = events.eventsOf(lead.leadId());
                Long convertedAt = null;
                for (LeadSnapshotReader.Snapshot s : lead.snapshots()) {
                    if (s.convertedAt() != null) {
                        convertedAt = s.convertedAt();
                    }
                }
                boolean written = false;
                List<LeadSnapshotReader.Snapshot> ss = lead.snapshots();
                for (int k = 0; k < ss.size(); k++) {
                    LeadSnapshotReader.Snapshot s = ss.get(k);
                    long until = k + 1 < ss.size() ? ss.get(k + 1).scoredAt() : Long.MAX_VALUE;
                    for (int n = 0; n < o.snapshots(); n++) {
                        long t = s.scoredAt() + (n == 0 ? 0 : n * o.snapshotEvery().millis());
                        if (n > 0 && t >= until) {
                            break;
                        }
                        if (convertedAt != null && convertedAt <= t) {
                            skippedConverted++;
                            break;
                        }
                        if (o.asOf() != null && t + o.labelWindow().millis() > o.asOf()) {
                            skippedUnlabelled++;
                            break;
                        }
                        FeatureValues v = transform.compute(s.attributes()::get, history, t);
                        boolean positive = convertedAt != null && convertedAt > t && convertedAt - t <= o.labelWindow().millis();
                        row[0] = lead.leadId();
                        row[1] = t;
                        for (int i = 0; i < list.size(); i++) {
                            row[i + 2] = v.get(list.get(i).name());
                        }
                        row[row.length - 1] = positive;
                        out.write(row);
                        rows++;
                        positives += positive ? 1 : 0;
                        written = true;
                    }
                }
                leads += written ? 1 : 0;
            }
            events.drain();
            if (rows == 0) {
                throw new io.leadscore.data.DataException(o.leads().toString(), "no lead could be scored (every scoring instant was after the "
                        + "lead converted or has no known outcome yet); nothing written");
            }
            out.commit();
            return new Summary(rows, leads, positives, events.read(), events.skipped(), skippedConverted, skippedUnlabelled, label);
        }
    }
}
