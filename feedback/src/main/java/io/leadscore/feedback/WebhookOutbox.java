package io.leadscore.feedback;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable outbox of tier-change webhooks in the feedback store ({@code webhook_outbox}): one
 * row per (event, endpoint), written by the prediction log's writer, then claimed, sent and
 * recorded by a dispatcher. A claim leases due rows for a while (pushes their next attempt past the
 * lease) in one short statement — on PostgreSQL with {@code FOR UPDATE SKIP LOCKED}, so that the
 * replicas sharing the store each claim different rows — and the send happens outside any
 * transaction. A dispatcher that dies mid-send leaves the row to be claimed again when the lease
 * ends: delivery is at least once. Every method throws {@link StoreUnavailableException} while the
 * database cannot be reached.
 */
public final class WebhookOutbox {
    /** Status of a delivery still to be sent (due at its next attempt). */
    public static final String PENDING = "pending";
    /** Status of a delivery an endpoint took. */
    public static final String DELIVERED = "delivered";
    /** Status of a delivery whose retry period ended without an endpoint taking it. */
    public static final String FAILED = "failed";

    /**
     * One delivery of an event to an endpoint.
     *
     * @param id the row's id (for redelivery)
     * @param eventId the event's id, sent as {@code webhook-id}: the same on every attempt and endpoint
     * @param endpoint the endpoint's URL
     * @param leadId the lead whose tier changed
     * @param payload the JSON body
     * @param status {@link #PENDING}, {@link #DELIVERED} or {@link #FAILED}
     * @param attempts attempts made since it was written or last redelivered
     * @param nextAttemptAt when it is next due (while pending)
     * @param lastError why the last attempt failed (status or error class), or null
     * @param createdAt when the event was written
     * @param retryingSince when its retry period began (written, or redelivered)
     * @param deliveredAt when an endpoint took it, or null
     */
    public record Delivery(long id, String eventId, String endpoint, String leadId, String payload, String status, int attempts,
                           Instant nextAttemptAt, String lastError, Instant createdAt, Instant retryingSince, Instant deliveredAt) {
    }

    private static final String COLUMNS =
            "id, event_id, endpoint, lead_id, payload, status, attempts, next_attempt_at, last_error, created_at, retrying_since, delivered_at";

    private final Database db;

    WebhookOutbox(Database db) {
        this.db = db;
    }

    /**
     * Claims up to {@code max} pending deliveries to these endpoints that are due at {@code now},
     * oldest due first, leasing them until {@code now + lease}.
     */
    public List<Delivery> claim(List<String> endpoints, int max, Duration lease, Instant now) {
        Dialect d = db.dialect;
        String sql = "UPDATE webhook_outbox SET next_attempt_at = ? WHERE id IN (SELECT o.id FROM webhook_outbox o WHERE o.status = 'pending' "
                + "AND o.next_attempt_at <= ? AND o.endpoint IN (SELECT e.value FROM " + SqlLists.table(d, "e") + ") "
                + "ORDER BY o.next_attempt_at, o.id LIMIT ?" + (d == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "") + ") RETURNING " + COLUMNS;
        return db.use("claiming webhook deliveries", c -> {
            List<Delivery> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql)) {
                d.setTime(q, 1, now.plus(lease));
                d.setTime(q, 2, now);
                SqlLists.bind(c, d, q, 3, endpoints);
                q.setInt(4, max);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
            }
            out.sort(Comparator.comparingLong(Delivery::id));
            return out;
        });
    }

    /** Records that the endpoint took a delivery. */
    public void delivered(long id, int attempts, Instant at) {
        update("recording a webhook delivery", "UPDATE webhook_outbox SET status = 'delivered', attempts = ?, last_error = NULL, "
                + "delivered_at = ? WHERE id = ? AND status = 'pending'", id, attempts, at, null);
    }

    /**
     * Records a failed attempt: due again at {@code retryAt}, or {@link #FAILED} when that is null
     * (its retry period is over).
     */
    public void attemptFailed(long id, int attempts, String error, Instant retryAt) {
        if (retryAt == null) {
            update("recording a failed webhook", "UPDATE webhook_outbox SET status = 'failed', attempts = ?, last_error = ? "
                    + "WHERE id = ? AND status = 'pending'", id, attempts, null, error);
        } else {
            update("recording a webhook retry", "UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? "
                    + "WHERE id = ? AND status = 'pending'", id, attempts, retryAt, error);
        }
    }

    /** Runs an update whose parameters are the attempts, then the time and the error when not null, then the id. */
    private void update(String what, String sql, long id, int attempts, Instant time, String error) {
        Dialect d = db.dialect;
        db.use(what, c -> {
            try (PreparedStatement u = c.prepareStatement(sql)) {
                int i = 1;
                u.setInt(i++, attempts);
                if (time != null) {
                    d.setTime(u, i++, time);
                }
                if (error != null) {
                    u.setString(i++, error);
                }
                u.setLong(i, id);
                return u.executeUpdate();
            }
        });
    }

    /**
     * Sends a delivery again, whatever its status: pending and due now, with a new retry period.
     *
     * @return whether there is such a delivery
     */
    public boolean redeliver(long id, Instant now) {
        Dialect d = db.dialect;
        int n = db.use("redelivering a webhook", c -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE webhook_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, "
                    + "retrying_since = ?, delivered_at = NULL WHERE id = ?")) {
                d.setTime(u, 1, now);
                d.setTime(u, 2, now);
                u.setLong(3, id);
                return u.executeUpdate();
            }
        });
        return n == 1;
    }

    /** The deliveries, newest first, of one status (null: any), at most {@code limit}. */
    public List<Delivery> list(String status, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM webhook_outbox" + (status == null ? "" : " WHERE status = ?") + " ORDER BY id DESC LIMIT ?";
        return db.use("listing webhooks", c -> {
            List<Delivery> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql)) {
                int i = 1;
                if (status != null) {
                    q.setString(i++, status);
                }
                q.setInt(i, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
            }
            return out;
        });
    }

    /** The delivery with this id, or null. */
    public Delivery get(long id) {
        return db.use("reading a webhook", c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_outbox WHERE id = ?")) {
                q.setLong(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? read(rs) : null;
                }
            }
        });
    }

    /** How many deliveries there are of each status (pending, delivered, failed; missing ones 0). */
    public Map<String, Long> counts() {
        return db.use("counting webhooks", c -> {
            Map<String, Long> out = new LinkedHashMap<>(Map.of(PENDING, 0L, DELIVERED, 0L, FAILED, 0L));
            try (PreparedStatement q = c.prepareStatement("SELECT status, COUNT(*) FROM webhook_outbox GROUP BY status");
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    private Delivery read(ResultSet rs) throws SQLException {
        Dialect d = db.dialect;
        return new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7),
                d.time(rs, 8), rs.getString(9), d.time(rs, 10), d.time(rs, 11), d.time(rs, 12));
    }
}
