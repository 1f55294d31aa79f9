package io.leadscore.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.leadscore.model.Reason;
import io.leadscore.predict.ReasonJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The tier changes of a batch of predictions, found in the transaction that logs it (set-based: one
 * statement reads the previous prediction of every lead of the batch) and written to the webhook
 * outbox in that transaction. A lead's previous prediction is the one logged before it (the log's
 * order, its ids); on PostgreSQL the batch's leads are first locked (transaction-scoped advisory
 * locks, taken in key order so that replicas never deadlock), so that two replicas logging the same
 * lead at once log it one after the other and neither misses nor repeats a change. A lead's first
 * prediction has no previous tier and is no event; nor is a prediction without a lead id.
 */
final class TierChanges {
    /** The {@code type} of every event. */
    static final String TYPE = "lead.tier_changed";
    private static final ObjectWriter EVENT = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build()
            .writerFor(Event.class);

    /** The event's JSON body (Standard Webhooks' {@code type, timestamp, data}). */
    record Event(String type, String timestamp, Change data) {
    }

    /** What changed for the lead: old and new tier, score and model, and the new prediction's top reasons. */
    record Change(String leadId, String previousTier, String tier, Integer previousScore, int score, Double previousProbability,
                  double probability, String previousModelVersion, String modelVersion, String segment, String previousPredictedAt,
                  String predictedAt, @JsonSerialize(contentUsing = ReasonJson.class) List<Reason> reasons) {
    }

    /** The latest logged prediction of a lead, as far as a change needs it. */
    private record Latest(String tier, int score, double probability, String modelVersion, Instant at) {
        static Latest of(PredictionRecord p) {
            return new Latest(p.tier(), p.score(), p.probability(), p.modelVersion(), p.at());
        }
    }

    private final List<Event> events;

    private TierChanges(List<Event> events) {
        this.events = events;
    }

    /**
     * Finds the batch's tier changes against the log as committed (call it before the batch is
     * inserted, in the same transaction).
     */
    static TierChanges find(Connection c, Dialect d, List<PredictionRecord> batch, WebhookRouting routing) throws SQLException {
        Map<String, List<PredictionRecord>> byLead = new LinkedHashMap<>();
        for (PredictionRecord p : batch) {
            if (p.leadId() != null) {
                byLead.computeIfAbsent(p.leadId(), k -> new ArrayList<>()).add(p);
            }
        }
        if (byLead.isEmpty()) {
            return new TierChanges(List.of());
        }
        if (d == Dialect.POSTGRESQL) {
            lock(c, d, byLead.keySet());
        }
        Map<String, Latest> latest = latest(c, d, byLead.keySet());
        List<Event> events = new ArrayList<>();
        for (Map.Entry<String, List<PredictionRecord>> e : byLead.entrySet()) {
            Latest current = latest.get(e.getKey());
            for (PredictionRecord p : e.getValue()) { // in the batch's order, the order they are logged in
                if (current != null && !current.tier().equals(p.tier()) && routing.sends(p.tier())) {
                    events.add(new Event(TYPE, p.at().toString(), new Change(p.leadId(), current.tier(), p.tier(), current.score(),
                            p.score(), current.probability(), p.probability(), current.modelVersion(), p.modelVersion(), p.segment(),
                            current.at().toString(), p.at().toString(), p.reasons() == null ? List.of() : p.reasons())));
                }
                current = Latest.of(p);
            }
        }
        return new TierChanges(events);
    }

    /** Locks the leads for this transaction, in key order. */
    private static void lock(Connection c, Dialect d, java.util.Set<String> leads) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(l.value, 23) AS k FROM "
                + SqlLists.table(d, "l") + " ORDER BY k) locks")) {
            SqlLists.bind(c, d, q, 1, new TreeSet<>(leads));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    // each row is one lock taken
                }
            }
        }
    }

    /** The last logged prediction of each lead that has one, by one statement (an index seek per lead). */
    private static Map<String, Latest> latest(Connection c, Dialect d, java.util.Set<String> leads) throws SQLException {
        String sql = "SELECT l.value, p.tier, p.score, p.probability, p.model_version, p.predicted_at FROM " + SqlLists.table(d, "l")
                + " JOIN prediction_log p ON p.id = (SELECT MAX(q.id) FROM prediction_log q WHERE q.lead_id = l.value)";
        Map<String, Latest> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            SqlLists.bind(c, d, q, 1, leads);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Latest(rs.getString(2), rs.getInt(3), rs.getDouble(4), rs.getString(5), d.time(rs, 6)));
                }
            }
        }
        return out;
    }

    /** How many events were found. */
    int size() {
        return events.size();
    }

    /** Writes one pending outbox row per event and endpoint, due now. */
    void enqueue(Connection c, Dialect d, WebhookRouting routing, Instant now) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO webhook_outbox (event_id, endpoint, lead_id, payload, status, attempts, "
                + "next_attempt_at, created_at, retrying_since) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)")) {
            for (Event e : events) {
                String id = "evt_" + UUID.randomUUID().toString().replace("-", "");
                String payload = json(e);
                for (String endpoint : routing.endpoints()) {
                    ins.setString(1, id);
                    ins.setString(2, endpoint);
                    ins.setString(3, e.data().leadId());
                    ins.setString(4, payload);
                    d.setTime(ins, 5, now);
                    d.setTime(ins, 6, now);
                    d.setTime(ins, 7, now);
                    ins.addBatch();
                }
            }
            ins.executeBatch();
        }
    }

    private static String json(Event e) {
        try {
            return EVENT.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("a tier-change event could not be written", ex);
        }
    }
}
