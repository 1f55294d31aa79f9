package io.leadscore.feedback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQLite migration 3: moves the rows of earlier releases into the plain tables of migration 2, in
 * one transaction (a failure leaves the file as it was): the first release's one-row-per-prediction
 * {@code predictions} table, then the binary chunks of {@code prediction_chunks} in the order
 * written ({@link PredictionChunk}), then the outcomes in the order reported; the old tables are
 * dropped. A damaged chunk fails the migration rather than losing its predictions.
 */
final class ReleaseRowsMigration implements JavaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseRowsMigration.class);
    private static final int BATCH = 1024;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("3");
    }

    @Override
    public String getDescription() {
        return "move release rows";
    }

    @Override
    public Integer getChecksum() {
        return 3;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        long rows = columns(c, "predictions").isEmpty() ? 0 : moveRowTable(c);
        long chunked = moveChunks(c);
        long outcomes = moveOutcomes(c);
        if (rows + chunked + outcomes > 0) {
            LOG.info("moved the feedback store to plain rows: {} logged predictions ({} from the first release's table), {} outcomes",
                    rows + chunked, rows, outcomes);
        }
    }

    private static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                out.add(rs.getString("name"));
            }
        }
        return out;
    }

    /** The first release's table, row by row; rows without a readable time are left out (as that release's conversion did). */
    private static long moveRowTable(Connection c) throws SQLException {
        boolean bins = columns(c, "predictions").contains("bins");
        List<PredictionRecord> batch = new ArrayList<>(BATCH);
        long moved = 0;
        long unreadable = 0;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT lead_id, model_version, probability, score, tier, challenger_version, challenger_probability, at, "
                     + (bins ? "bins" : "NULL") + " FROM predictions ORDER BY id")) {
            while (rs.next()) {
                Instant at;
                try {
                    at = Instant.parse(rs.getString(8));
                } catch (DateTimeParseException | NullPointerException e) {
                    unreadable++;
                    continue;
                }
                double cp = rs.getDouble(7);
                Double challenger = rs.wasNull() ? null : cp;
                batch.add(new PredictionRecord(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4), rs.getString(5),
                        rs.getString(6), challenger, at, rs.getBytes(9)));
                if (batch.size() == BATCH) {
                    moved += flush(c, batch);
                }
            }
        }
        moved += flush(c, batch);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE predictions");
        }
        if (unreadable > 0) {
            LOG.warn("{} predictions of the first release's table had no readable time and were left out", unreadable);
        }
        return moved;
    }

    private static long moveChunks(Connection c) throws SQLException {
        long moved = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, data FROM prediction_chunks ORDER BY id")) {
            List<PredictionRecord> batch = new ArrayList<>();
            while (rs.next()) {
                long id = rs.getLong(1);
                try {
                    PredictionChunk.decode(rs.getBytes(2), row -> batch.add(row.record()));
                } catch (IllegalStateException e) {
                    throw new SQLException("prediction log chunk " + id + " cannot be read (" + e.getMessage()
                            + "): the store is left as it was", e);
                }
                moved += flush(c, batch);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE prediction_chunks");
        }
        return moved;
    }

    private static long flush(Connection c, List<PredictionRecord> batch) throws SQLException {
        int n = batch.size();
        if (n > 0) {
            PredictionRows.insertIntoV3(c, batch);
            batch.clear();
        }
        return n;
    }

    private static long moveOutcomes(Connection c) throws SQLException {
        long moved = 0;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT outcome_id, lead_id, converted, at, deal_value, received_at FROM outcomes ORDER BY rowid");
             PreparedStatement ins = c.prepareStatement("INSERT INTO outcomes_v2 (outcome_id, lead_id, converted, at, occurred_at, deal_value, "
                     + "received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            while (rs.next()) {
                ins.setString(1, rs.getString(1));
                ins.setString(2, rs.getString(2));
                ins.setInt(3, rs.getInt(3));
                ins.setString(4, rs.getString(4));
                ins.setString(5, comparable(rs.getString(4)));
                double deal = rs.getDouble(5);
                if (rs.wasNull()) {
                    ins.setNull(6, Types.REAL);
                } else {
                    ins.setDouble(6, deal);
                }
                ins.setString(7, comparable(rs.getString(6)));
                ins.addBatch();
                moved++;
            }
            ins.executeBatch();
            s.execute("DROP TABLE outcomes");
            s.execute("ALTER TABLE outcomes_v2 RENAME TO outcomes");
        }
        return moved;
    }

    /** A time as the store's comparable text; kept as written when it cannot be read. */
    private static String comparable(String at) {
        try {
            return Dialect.text(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return at;
        }
    }
}
