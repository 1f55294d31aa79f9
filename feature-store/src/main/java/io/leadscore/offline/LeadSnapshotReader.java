package io.leadscore.offline;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.featurestore.FeatureDefinitions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * Streams lead attribute snapshots ({@code leads.parquet}) lead by lead: all rows of one lead
 * (consecutive, leads in ascending {@code lead_id} order), each an attribute snapshot taken at its
 * {@code scored_at}, with the lead's outcome time {@code converted_at}. Reads only the attribute
 * columns the feature definitions need.
 */
public final class LeadSnapshotReader implements AutoCloseable {
    /** The outcome column: when the lead converted, empty if it has not. */
    public static final String CONVERTED_AT = "converted_at";

    /**
     * One row: the attributes valid from {@code scoredAt} on.
     *
     * @param scoredAt epoch milliseconds
     * @param convertedAt epoch milliseconds, or null when the lead has not converted
     * @param attributes column to value (String, Double, Boolean, Instant)
     * @param row the 1-based row in the file
     */
    public record Snapshot(long scoredAt, Long convertedAt, Map<String, Object> attributes, long row) {
    }

    /** All snapshots of one lead, oldest first. */
    public record LeadHistory(String leadId, List<Snapshot> snapshots) {
    }

    private final ParquetRecords records;
    private final ParquetRecords.Field leadId;
    private final ParquetRecords.Field scoredAt;
    private final ParquetRecords.Field convertedAt;
    private final List<ParquetRecords.Field> attributes = new ArrayList<>();
    private String lastId;

    public LeadSnapshotReader(Path file, FeatureDefinitions definitions, boolean needOutcome) {
        this.records = ParquetRecords.open(file);
        if (records.isEmpty()) {
            throw new DataException(file.toString(), "no data rows");
        }
        leadId = records.field(FeatureDefinitions.ENTITY, Set.of(ColumnType.CATEGORICAL), "the lead id");
        scoredAt = records.field(FeatureDefinitions.SCORED_AT, Set.of(ColumnType.TIMESTAMP), "the instant each snapshot is scored");
        convertedAt = needOutcome ? records.field(CONVERTED_AT, Set.of(ColumnType.TIMESTAMP), "the outcome, for the label") : null;
        Map<String, String> readBy = definitions.attributeReaders();
        for (Map.Entry<String, ColumnType> a : definitions.attributeColumns().entrySet()) {
            attributes.add(records.field(a.getKey(), FeatureDefinitions.acceptedSourceTypes(a.getValue()), "read by " + readBy.get(a.getKey())));
        }
    }

    /** The next lead's snapshots, or null at the end. */
    public LeadHistory next() {
        GenericRecord first = records.peek();
        if (first == null) {
            return null;
        }
        String id = leadId.string(first);
        List<Snapshot> snapshots = new ArrayList<>();
        while (records.peek() != null && id != null && id.equals(leadId.string(records.peek()))) {
            snapshots.add(snapshot(records.next()));
        }
        if (snapshots.isEmpty()) {
            snapshots.add(snapshot(records.next())); // a missing id: reported by snapshot()
        }
        if (lastId != null && id.compareTo(lastId) <= 0) {
            throw DataException.atRow(records.file(), snapshots.get(0).row(), FeatureDefinitions.ENTITY,
                    "leads are not grouped in ascending lead_id order ('" + id + "' comes after '" + lastId + "'); sort the file by lead_id, scored_at");
        }
        lastId = id;
        snapshots.sort(Comparator.comparingLong(Snapshot::scoredAt));
        return new LeadHistory(id, snapshots);
    }

    private Snapshot snapshot(GenericRecord r) {
        long row = records.row();
        if (leadId.string(r) == null) {
            throw DataException.atRow(records.file(), row, FeatureDefinitions.ENTITY, "missing lead id");
        }
        Long t = scoredAt.millis(r);
        if (t == null) {
            throw DataException.atRow(records.file(), row, FeatureDefinitions.SCORED_AT, "missing scoring time");
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (ParquetRecords.Field f : attributes) {
            attrs.put(f.name, f.value(r));
        }
        return new Snapshot(t, convertedAt == null ? null : convertedAt.millis(r), attrs, row);
    }

    /** An instant for messages. */
    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    @Override
    public void close() {
        records.close();
    }
}
