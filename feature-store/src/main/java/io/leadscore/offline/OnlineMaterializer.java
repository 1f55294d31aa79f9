package io.leadscore.offline;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.featurestore.FeatureDefinition;
import io.leadscore.featurestore.FeatureDefinitions;
import io.leadscore.featurestore.FeatureValues;
import io.leadscore.online.OnlineStoreWriter;
import io.leadscore.online.StoredFeatures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * Materializes the offline store into the online store: from a feature table written by
 * {@link OfflineFeatureBuild} (grouped by lead in ascending {@code lead_id} order), each lead's
 * newest row by {@code scored_at}, streamed lead by lead into an {@link OnlineStoreWriter}.
 */
public final class OnlineMaterializer {
    /**
     * @param rows rows read
     * @param leads leads written to the online store
     * @param newest the newest {@code scored_at} written, epoch milliseconds
     */
    public record Summary(long rows, long leads, long newest) {
    }

    private OnlineMaterializer() {
    }

    public static Summary run(Path offline, FeatureDefinitions definitions, OnlineStoreWriter writer) {
        try (ParquetRecords records = ParquetRecords.open(offline)) {
            if (records.isEmpty()) {
                throw new DataException(offline.toString(), "no data rows");
            }
            ParquetRecords.Field id = records.field(FeatureDefinitions.ENTITY, Set.of(ColumnType.CATEGORICAL), "the lead id");
            ParquetRecords.Field at = records.field(FeatureDefinitions.SCORED_AT, Set.of(ColumnType.TIMESTAMP), "when the features were computed as of");
            List<ParquetRecords.Field> features = new ArrayList<>();
            for (FeatureDefinition d : definitions.definitions()) {
                features.add(records.field(d.name(), Set.of(d.type()), "feature defined in " + definitions.source() + " line " + d.line()));
            }
            long rows = 0, leads = 0, newestAll = Long.MIN_VALUE;
            String current = null;
            GenericRecord best = null;
            long bestAt = Long.MIN_VALUE;
            for (GenericRecord r; (r = records.next()) != null; ) {
                rows++;
                String lead = id.string(r);
                Long t = at.millis(r);
                if (lead == null || t == null) {
                    throw DataException.atRow(offline.toString(), records.row(), lead == null ? FeatureDefinitions.ENTITY : FeatureDefinitions.SCORED_AT, "missing value");
                }
                if (!lead.equals(current)) {
                    if (current != null && lead.compareTo(current) < 0) {
                        throw DataException.atRow(offline.toString(), records.row(), FeatureDefinitions.ENTITY, "rows are not grouped by lead in ascending "
                                + "lead_id order ('" + lead + "' comes after '" + current + "'); materialize a table written by 'leadscore features build'");
                    }
                    if (best != null) {
                        writer.put(stored(current, bestAt, best, features));
                        leads++;
                    }
                    current = lead;
                    best = null;
                    bestAt = Long.MIN_VALUE;
                }
                if (t >= bestAt) {
                    best = r;
                    bestAt = t;
                    newestAll = Math.max(newestAll, t);
                }
            }
            if (best != null) {
                writer.put(stored(current, bestAt, best, features));
                leads++;
            }
            writer.commit();
            return new Summary(rows, leads, newestAll);
        }
    }

    private static StoredFeatures stored(String lead, long at, GenericRecord r, List<ParquetRecords.Field> features) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParquetRecords.Field f : features) {
            values.put(f.name, f.value(r));
        }
        return new StoredFeatures(lead, at, new FeatureValues(values));
    }
}
