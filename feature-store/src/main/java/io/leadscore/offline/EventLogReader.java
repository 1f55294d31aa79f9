package io.leadscore.offline;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.events.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * Streams an event log ({@code lead_id, ts, type} and optional {@code page, channel, campaign,
 * value}) lead by lead. The log must be grouped by lead in ascending {@code lead_id} order, the
 * order of the lead snapshots (within a lead any order will do); a row out of order is a
 * {@link DataException} naming it. Holds only one lead's events at a time.
 */
public final class EventLogReader implements AutoCloseable {
    private final ParquetRecords records;
    private final ParquetRecords.Field leadId;
    private final ParquetRecords.Field ts;
    private final ParquetRecords.Field type;
    private final ParquetRecords.Field page;
    private final ParquetRecords.Field channel;
    private final ParquetRecords.Field campaign;
    private final ParquetRecords.Field value;
    private String lastId;
    private long read;
    private long skipped;

    public EventLogReader(Path file) {
        this.records = ParquetRecords.open(file);
        if (records.isEmpty()) {
            leadId = ts = type = page = channel = campaign = value = null;
            return;
        }
        Set<ColumnType> text = Set.of(ColumnType.CATEGORICAL);
        leadId = records.field(Event.LEAD_ID, text, "the lead each event belongs to");
        ts = records.field(Event.TS, Set.of(ColumnType.TIMESTAMP), "when the event happened");
        type = records.field(Event.TYPE, text, "what happened");
        page = optional(Event.PAGE, text);
        channel = optional(Event.CHANNEL, text);
        campaign = optional(Event.CAMPAIGN, text);
        value = optional(Event.VALUE, Set.of(ColumnType.NUMERIC));
    }

    private ParquetRecords.Field optional(String column, Set<ColumnType> types) {
        return records.has(column) ? records.field(column, types, "optional event property") : null;
    }

    /**
     * The events of {@code lead} (empty if it has none). Events of leads before it in the order
     * that were not asked for are skipped and counted ({@link #skipped()}).
     */
    public List<Event> eventsOf(String lead) {
        List<Event> out = new ArrayList<>();
        while (records.peek() != null) {
            String id = leadId.string(records.peek());
            if (id != null && id.compareTo(lead) > 0) {
                break;
            }
            GenericRecord r = records.next();
            Event e = toEvent(r, id);
            if (id.equals(lead)) {
                out.add(e);
            } else {
                skipped++;
            }
        }
        return out;
    }

    private Event toEvent(GenericRecord r, String id) {
        long row = records.row();
        if (id == null) {
            throw DataException.atRow(records.file(), row, Event.LEAD_ID, "missing lead id");
        }
        if (lastId != null && id.compareTo(lastId) < 0) {
            throw DataException.atRow(records.file(), row, Event.LEAD_ID, "events are not grouped by lead in ascending lead_id order ('"
                    + id + "' comes after '" + lastId + "'); sort the event log by lead_id, ts");
        }
        lastId = id;
        Long t = ts.millis(r);
        if (t == null) {
            throw DataException.atRow(records.file(), row, Event.TS, "missing event time");
        }
        String ty = type.string(r);
        if (ty == null) {
            throw DataException.atRow(records.file(), row, Event.TYPE, "missing event type");
        }
        read++;
        return new Event(id, t, ty, page == null ? null : page.string(r), channel == null ? null : channel.string(r),
                campaign == null ? null : campaign.string(r), value == null ? Double.NaN : value.number(r));
    }

    /** Events read so far. */
    public long read() {
        return read;
    }

    /** Events read that belonged to no requested lead. */
    public long skipped() {
        return skipped;
    }

    /** Skips what is left, counting it, and checks its order. */
    public void drain() {
        while (records.peek() != null) {
            GenericRecord r = records.next();
            toEvent(r, leadId.string(r));
            skipped++;
        }
    }

    @Override
    public void close() {
        records.close();
    }
}
