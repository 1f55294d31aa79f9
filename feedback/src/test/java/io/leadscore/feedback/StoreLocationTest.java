package io.leadscore.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Locations, their credentials kept out of every printable form, and the SQLite time text. */
class StoreLocationTest {
    @Test
    void aPathIsAnSqliteFile() {
        StoreLocation l = StoreLocation.parse("data/feedback.db", Map.of("PGUSER", "u"));
        assertEquals(Dialect.SQLITE, l.dialect());
        assertEquals(Path.of("data/feedback.db").toAbsolutePath(), l.file());
        assertEquals("jdbc:sqlite:" + Path.of("data/feedback.db").toAbsolutePath(), l.jdbcUrl());
        assertNull(l.user());
    }

    @Test
    void credentialsComeFromTheUrlOrTheEnvironmentAndAreNeverShown() {
        StoreLocation env = StoreLocation.parse("postgresql://db.internal:5433/leads", Map.of("PGUSER", "scorer", "PGPASSWORD", "s3cret"));
        assertEquals(Dialect.POSTGRESQL, env.dialect());
        assertEquals("jdbc:postgresql://db.internal:5433/leads", env.jdbcUrl());
        assertEquals("scorer", env.user());
        assertEquals("s3cret", env.password());

        StoreLocation query = StoreLocation.parse("postgres://db/leads?user=a&password=p%40ss&sslmode=require", Map.of("PGPASSWORD", "other"));
        assertEquals("a", query.user());
        assertEquals("p@ss", query.password());
        assertEquals("jdbc:postgresql://db/leads?sslmode=require", query.jdbcUrl(), "other parameters go to the driver");
        assertEquals("postgresql://db/leads", query.display());

        StoreLocation info = StoreLocation.parse("jdbc:postgresql://bob:hunter2@db:5432/leads", Map.of());
        assertEquals("bob", info.user());
        assertEquals("hunter2", info.password());
        for (StoreLocation l : new StoreLocation[] {env, query, info}) {
            for (String shown : new String[] {l.display(), l.jdbcUrl(), l.toString()}) {
                assertFalse(shown.contains("s3cret") || shown.contains("p%40ss") || shown.contains("p@ss") || shown.contains("hunter2"), shown);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreLocation.parse("postgresql://bob:hunter2@db:5432", Map.of()));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void theSqliteTimeTextIsFixedWidthIsoUtcAndSortsAsTime() {
        DateTimeFormatter iso = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
        Random random = new Random(5);
        String previous = null;
        Instant t = Instant.parse("0001-01-01T00:00:00Z");
        for (int i = 0; i < 20_000; i++) {
            t = t.plusSeconds(random.nextInt(20_000_000)).plusNanos(random.nextInt(1_000_000_000));
            if (t.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
                break;
            }
            String text = Dialect.text(t);
            assertEquals(iso.format(t), text);
            assertEquals(t, Instant.parse(text));
            if (previous != null) {
                assertEquals(-1, Integer.signum(previous.compareTo(text)), previous + " < " + text);
            }
            previous = text;
        }
    }
}
