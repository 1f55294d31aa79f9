package io.leadscore.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.DataException;
import io.leadscore.featurestore.FeatureValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded file store and the Redis store (against a real redis-server) behave alike. */
class OnlineStoreTest {
    @TempDir
    Path dir;

    static StoredFeatures lead(String id, double visits) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("visits_7d", visits);
        v.put("time_on_site_30d", 0.1 + 0.2);  // not exactly representable: must come back bit-for-bit
        v.put("demo_requested_90d", true);
        v.put("job_level", "vp");
        v.put("since_visit", null);
        return new StoredFeatures(id, 1_700_000_000_123L, new FeatureValues(v));
    }

    @Test
    void theFileStoreRoundTripsAndReloadsAtomically() {
        Path file = dir.resolve("online.jsonl");
        try (OnlineStoreWriter w = FileOnlineStore.writer(file)) {
            w.put(lead("L1", 3));
            w.put(lead("L2", 0));
            w.commit();
        }
        FileOnlineStore store = FileOnlineStore.load(file);
        assertEquals(lead("L1", 3), store.get("L1").orElseThrow());
        assertEquals(Optional.empty(), store.get("L3"));
        try (OnlineStoreWriter w = FileOnlineStore.writer(file)) {
            w.put(lead("L3", 1));
            // no commit: the store file is untouched
        }
        assertEquals(2, store.reload());
        try (OnlineStoreWriter w = FileOnlineStore.writer(file)) {
            w.put(lead("L3", 1));
            w.commit();
        }
        assertEquals(Optional.empty(), store.get("L3"), "not before a reload");
        assertEquals(1, store.reload());
        assertEquals(lead("L3", 1), store.get("L3").orElseThrow());
        assertEquals(Optional.empty(), store.get("L1"));
    }

    @Test
    void aMalformedLineNamesFileAndLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, lead("L1", 1).toJson() + "\n{\"lead_id\": 7}\n");
        DataException e = assertThrows(DataException.class, () -> FileOnlineStore.load(file));
        assertTrue(e.getMessage().startsWith(file + ", line 2: expected {"), e.getMessage());
    }

    @Test
    void theRedisStoreRoundTripsAgainstARealServer() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(dir.resolve("redis"));
             RedisOnlineStore store = RedisOnlineStore.connect(redis.uri())) {
            try (OnlineStoreWriter w = store.writer()) {
                for (int i = 0; i < 2500; i++) {
                    w.put(lead("L" + i, i));
                }
                w.commit();
            }
            assertEquals(lead("L1", 1), store.get("L1").orElseThrow());
            assertEquals(lead("L2499", 2499), store.get("L2499").orElseThrow(), "the last partial batch is written too");
            assertEquals(Optional.empty(), store.get("nobody"));
            try (RedisOnlineStore second = RedisOnlineStore.connect(redis.uri())) {
                assertEquals(lead("L7", 7), second.get("L7").orElseThrow(), "another server instance sees the same features");
            }
        }
    }

    @Test
    void anUnreachableRedisIsAClearError() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int p = port;
        DataException e = assertThrows(DataException.class, () -> RedisOnlineStore.connect("redis://127.0.0.1:" + p));
        assertTrue(e.getMessage().startsWith("--redis: cannot reach Redis at redis://127.0.0.1:" + p), e.getMessage());
        assertTrue(assertThrows(DataException.class, () -> RedisOnlineStore.connect("http://x")).getMessage().contains("expected redis://host:port"));
    }
}
