package io.leadscore.serving.predict;

import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.http.InvalidRequestException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadscore.data.ColumnType;
import io.leadscore.featurestore.FeatureValues;
import io.leadscore.features.InputFeature;
import io.leadscore.online.OnlineStore;
import io.leadscore.online.StoredFeatures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lookups by lead id: the stored features, a 404 for an unknown lead, a 409 when the store does not fit the model. */
class FeatureResolverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<InputFeature> INPUTS = List.of(
            new InputFeature("visits_7d", ColumnType.NUMERIC, true, "identity", 0.0, 1.0, false, null),
            new InputFeature("job_level", ColumnType.CATEGORICAL, true, null, null, null, false, List.of("vp")));

    private static OnlineStore store(Map<String, StoredFeatures> m) {
        return new OnlineStore() {
            @Override
            public Optional<StoredFeatures> get(String leadId) {
                return Optional.ofNullable(m.get(leadId));
            }

            @Override
            public String describe() {
                return "test";
            }
        };
    }

    private static StoredFeatures stored(String id, Map<String, Object> values) {
        return new StoredFeatures(id, 1_700_000_000_000L, new FeatureValues(new LinkedHashMap<>(values)));
    }

    /** A body read by the reader of {@link #INPUTS}, then resolved. */
    private static FeatureResolver.Resolved resolve(FeatureResolver r, String body) {
        return r.resolve(new LeadReader(INPUTS, Set.of()).readOne(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)), INPUTS);
    }

    @Test
    void looksLeadsUpAndRefusesUnknownOnesAndMismatchedStores() throws Exception {
        FeatureResolver r = new FeatureResolver(null, store(Map.of(
                "L1", stored("L1", Map.of("visits_7d", 3.0, "job_level", "vp")),
                "L2", stored("L2", Map.of("visits_7d", 3.0)))));
        FeatureResolver.Resolved ok = resolve(r, "{\"lead_id\": \"L1\"}");
        assertEquals("online_store", ok.source());
        assertEquals(3.0, ok.lead().get("visits_7d"));
        assertEquals("2023-11-14T22:13:20Z", ok.asOf());

        InvalidRequestException missing = assertThrows(InvalidRequestException.class, () -> resolve(r, "{\"lead_id\": 42}"));
        assertEquals(404, missing.status());
        assertEquals("$.lead_id", missing.errors().get(0).path());

        InvalidRequestException mismatch = assertThrows(InvalidRequestException.class, () -> resolve(r, "{\"lead_id\": \"L2\"}"));
        assertEquals(409, mismatch.status());
        assertTrue(mismatch.errors().get(0).message().contains("no job_level"), mismatch.errors().get(0).message());

        FeatureResolver.Resolved fields = resolve(r, "{\"lead_id\": \"L9\", \"visits_7d\": 1, \"job_level\": \"vp\"}");
        assertEquals(null, fields.source(), "a request with the features themselves is scored as sent");
        assertEquals(1.0, fields.lead().get("visits_7d"));
    }
}
