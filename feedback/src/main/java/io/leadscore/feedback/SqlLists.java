package io.leadscore.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * A list of texts bound as one parameter and read as a table with a {@code value} column, so that
 * a statement handles a whole batch at once: a {@code text[]} on PostgreSQL, a JSON array read by
 * {@code json_each} on SQLite.
 */
final class SqlLists {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SqlLists() {
    }

    /** The FROM item of a bound list named {@code alias}, whose texts are {@code alias.value}. */
    static String table(Dialect d, String alias) {
        return d == Dialect.POSTGRESQL ? "unnest(CAST(? AS text[])) AS " + alias + "(value)" : "json_each(?) AS " + alias;
    }

    /** Binds the texts of a {@link #table}. */
    static void bind(Connection c, Dialect d, PreparedStatement ps, int i, Collection<String> texts) throws SQLException {
        if (d == Dialect.POSTGRESQL) {
            ps.setArray(i, c.createArrayOf("text", texts.toArray()));
            return;
        }
        try {
            ps.setString(i, JSON.writeValueAsString(texts));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("texts could not be written as JSON", e);
        }
    }
}
