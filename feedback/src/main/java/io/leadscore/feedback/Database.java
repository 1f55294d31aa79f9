package io.leadscore.feedback;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The feedback store's database: a HikariCP pool (it replaces connections that broke while the
 * database was away, so the store resumes by itself), the schema migrated by Flyway on open, and
 * the one way the store's classes use a connection ({@link #use}), which turns an unreachable
 * database into {@link StoreUnavailableException}.
 */
final class Database implements AutoCloseable {
    /** The name of Flyway's history table in the store's database. */
    static final String HISTORY = "feedback_schema_history";

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    final StoreLocation location;
    final Dialect dialect;
    final Availability availability;
    private final HikariDataSource pool;

    private Database(StoreLocation location, HikariDataSource pool) {
        this.location = location;
        this.dialect = location.dialect();
        this.availability = new Availability(dialect, location.display());
        this.pool = pool;
    }

    /** Opens the pool and brings the schema up to date; fails when the database cannot be reached within a few seconds. */
    static Database open(StoreLocation location) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("feedback-store");
        config.setJdbcUrl(location.jdbcUrl());
        config.setUsername(location.user());
        config.setPassword(location.password());
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(5_000);
        config.setMinimumIdle(1);
        config.setKeepaliveTime(60_000);
        location.dialect().configure(config);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            FluentConfiguration flyway = Flyway.configure().dataSource(pool).table(HISTORY).loggers("slf4j");
            location.dialect().configure(flyway);
            flyway.load().migrate();
            return new Database(location, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Runs work on a pooled connection (auto-commit). */
    <T> T use(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            T result = work.run(c);
            availability.worked();
            return result;
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs work in one transaction, committed when it returns, rolled back when it throws; relaxed:
     * the commit need not wait for the disk ({@link Dialect#relaxConnection}).
     */
    void transaction(boolean relaxed, Work<Void> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            if (relaxed) {
                dialect.relaxConnection(c, true);
            }
            c.setAutoCommit(false);
            try {
                if (relaxed) {
                    dialect.relaxTransaction(c);
                }
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone: nothing was committed
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(true);
                    if (relaxed) {
                        dialect.relaxConnection(c, false);
                    }
                } catch (SQLException e) {
                    pool.evictConnection(c); // never hand out a connection that may still commit relaxed
                }
            }
        }
    }

    /** Answers whether the database responds. */
    void probe() throws SQLException {
        try (Connection c = pool.getConnection()) {
            if (!c.isValid(1)) {
                throw new java.sql.SQLTransientConnectionException("the connection is not valid", "08006");
            }
        }
    }

    /** The exception for a failed use: unavailable, or a fault (with the driver's message, which names no credentials). */
    RuntimeException failure(String what, SQLException e) {
        if (availability.unavailable(e)) {
            return availability.unavailableException(what, e);
        }
        return new IllegalStateException("the feedback store: " + what + " failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        pool.close();
    }
}
