package io.leadscore.serving.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path dir;

    @Test
    void grantsByKeyFromEnvironmentAndFile() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# keys\napi:file-api-key-1\nadmin:file-admin-key-1\n");
        ApiKeys keys = ApiKeys.load(Map.of(ApiKeys.API_ENV, "env-api-key-1, env-api-key-2"), file);
        assertTrue(keys.configured());
        assertEquals(Access.API, keys.grant("Bearer env-api-key-2"));
        assertEquals(Access.API, keys.grant("bearer file-api-key-1"));
        assertEquals(Access.ADMIN, keys.grant("Bearer file-admin-key-1"));
        assertEquals(Access.PUBLIC, keys.grant("Bearer wrong-key-123"));
        assertEquals(Access.PUBLIC, keys.grant("Basic env-api-key-1"));
        assertEquals(Access.PUBLIC, keys.grant(null));
        assertFalse(ApiKeys.load(Map.of(), null).configured());
    }

    @Test
    void badKeysFilesNameTheLine() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "api:long-enough-key\nroot:whatever-key\n");
        DataException e = assertThrows(DataException.class, () -> ApiKeys.load(Map.of(), file));
        assertTrue(e.getMessage().startsWith(file + ", line 2:"), e.getMessage());
        assertThrows(DataException.class, () -> ApiKeys.load(Map.of(ApiKeys.ADMIN_ENV, "short"), null));
    }
}
