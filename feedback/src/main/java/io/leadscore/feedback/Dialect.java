package io.leadscore.feedback;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * What differs between the two databases of a feedback store; everything else (tables, columns,
 * queries) is the same SQL. Times: PostgreSQL keeps {@code timestamptz} (microseconds); SQLite keeps
 * UTC text with nine fractional digits ({@code 2026-03-01T12:00:00.123456789Z}), which sorts and
 * compares as time and which SQLite's date functions read. Bins: {@code jsonb} or JSON text, an
 * array with one bin per model input.
 */
enum Dialect {
    SQLITE("?", "substr(%s, 1, 10)") {
        /** SQLite's busy, locked, I/O error, full and cannot-open result codes (primary codes). */
        private static final Set<Integer> UNAVAILABLE = Set.of(5, 6, 10, 13, 14);

        @Override
        void configure(HikariConfig pool) {
            pool.setMaximumPoolSize(4);
            pool.addDataSourceProperty("journal_mode", "WAL");
            pool.addDataSourceProperty("synchronous", "FULL");
            pool.addDataSourceProperty("busy_timeout", "10000");
            // the log's lead index puts each logged row of a batch on its own index page: a page
            // cache of up to 64 MiB keeps a large transaction's dirty pages in memory (written to
            // the WAL once each), and checkpoints every 16,384 WAL pages (64 MiB) rather than every
            // 1,000 copy each page once for many transactions (bench/serving batch.sh: the writer's
            // CPU per batch of 1,000 from 11.8 to 6.4 ms, with PredictionWriter's larger batches)
            pool.addDataSourceProperty("cache_size", "-65536");
            pool.setConnectionInitSql("PRAGMA wal_autocheckpoint=16384");
        }

        @Override
        void configure(FluentConfiguration flyway) {
            // a file of an earlier release has tables but no history: baseline it below V1 (the
            // release schema, created only where missing), so V2 and V3 move its rows
            flyway.locations("classpath:db/migration/sqlite").baselineOnMigrate(true).baselineVersion("0")
                    .javaMigrations(new ReleaseRowsMigration());
        }

        @Override
        void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
            ps.setString(i, text(t));
        }

        @Override
        Instant time(ResultSet rs, int i) throws SQLException {
            String s = rs.getString(i);
            return s == null ? null : Instant.parse(s);
        }

        @Override
        void relaxConnection(Connection c, boolean relaxed) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute(relaxed ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL");
            }
        }

        @Override
        void relaxTransaction(Connection c) {
            // the connection's setting holds
        }

        @Override
        boolean unavailable(SQLException e) {
            return e instanceof org.sqlite.SQLiteException s && UNAVAILABLE.contains(s.getResultCode().code & 0xFF)
                    || e instanceof SQLTransientException;
        }
    },

    POSTGRESQL("CAST(? AS jsonb)", "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD')") {
        @Override
        void configure(HikariConfig pool) {
            pool.setMaximumPoolSize(8);
            pool.addDataSourceProperty("reWriteBatchedInserts", "true");
            pool.addDataSourceProperty("connectTimeout", "3");
            pool.addDataSourceProperty("socketTimeout", "60");
            pool.addDataSourceProperty("tcpKeepAlive", "true");
            pool.addDataSourceProperty("ApplicationName", "leadscore");
        }

        @Override
        void configure(FluentConfiguration flyway) {
            // a database that already holds other tables gets the store's tables beside them
            flyway.locations("classpath:db/migration/postgresql").baselineOnMigrate(true).baselineVersion("1");
        }

        @Override
        void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
            ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        }

        @Override
        Instant time(ResultSet rs, int i) throws SQLException {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }

        @Override
        void relaxConnection(Connection c, boolean relaxed) {
            // set per transaction
        }

        @Override
        void relaxTransaction(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO off");
            }
        }

        @Override
        boolean unavailable(SQLException e) {
            String state = e.getSQLState();
            return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                    || e instanceof java.sql.SQLNonTransientConnectionException
                    || state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"));
        }
    };

    /** Sets the pool's size and the driver's settings. */
    abstract void configure(HikariConfig pool);

    /** Sets where the migrations are and how an existing database is baselined. */
    abstract void configure(FluentConfiguration flyway);

    abstract void setTime(PreparedStatement ps, int i, Instant t) throws SQLException;

    abstract Instant time(ResultSet rs, int i) throws SQLException;

    private final String jsonParameter;
    private final String day;

    /** The SQL fragments that differ, as format patterns of a column or alias. */
    Dialect(String jsonParameter, String day) {
        this.jsonParameter = jsonParameter;
        this.day = day;
    }

    /** The placeholder for a JSON value bound as text. */
    String jsonParameter() {
        return jsonParameter;
    }

    /** The UTC date ({@code YYYY-MM-DD}) of a time column. */
    String day(String column) {
        return String.format(day, column);
    }

    /**
     * Before the prediction log's transaction begins (relaxed) and after it ends (not): its commits
     * need not wait for the disk (a crash loses at most the last batch); outcomes' commits do.
     */
    abstract void relaxConnection(Connection c, boolean relaxed) throws SQLException;

    /** Once the prediction log's transaction has begun: as {@link #relaxConnection}, for this transaction only. */
    abstract void relaxTransaction(Connection c) throws SQLException;

    /** Whether an error means the database cannot be reached or used right now, rather than a fault in the call. */
    abstract boolean unavailable(SQLException e);

    /**
     * The SQLite text form of a time: UTC, nine fractional digits, so that text order is time order
     * (years 0–9999); written by hand, five times faster than a {@code DateTimeFormatter}.
     */
    static String text(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        char[] c = "0000-00-00T00:00:00.000000000Z".toCharArray();
        digits(c, 0, 4, d.getYear());
        digits(c, 5, 2, d.getMonthValue());
        digits(c, 8, 2, d.getDayOfMonth());
        digits(c, 11, 2, d.getHour());
        digits(c, 14, 2, d.getMinute());
        digits(c, 17, 2, d.getSecond());
        digits(c, 20, 9, t.getNano());
        return new String(c);
    }

    private static void digits(char[] c, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--, value /= 10) {
            c[i] = (char) ('0' + value % 10);
        }
    }
}
