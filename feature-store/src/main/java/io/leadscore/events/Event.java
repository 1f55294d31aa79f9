package io.leadscore.events;

import io.leadscore.data.ColumnType;
import io.leadscore.data.ParquetTableWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One thing a lead did, at one instant: a row of the event log ({@code events.parquet}) or an
 * element of the {@code events} list of a predict request.
 *
 * @param leadId the lead the event belongs to
 * @param ts when it happened, epoch milliseconds (UTC)
 * @param type what happened, e.g. {@code page_view}, {@code email_click}, {@code demo_request}
 * @param page the page, for page views (e.g. {@code pricing}); null otherwise
 * @param channel the channel, e.g. {@code organic}, {@code paid}; null when not known
 * @param campaign the campaign, e.g. for emails {@code offer}; null when not known
 * @param value a number carried by the event, e.g. seconds on the page; {@code NaN} when absent
 */
public record Event(String leadId, long ts, String type, String page, String channel, String campaign, double value) {
    /** Column names of the event log, in file order. */
    public static final String LEAD_ID = "lead_id";
    public static final String TS = "ts";
    public static final String TYPE = "type";
    public static final String PAGE = "page";
    public static final String CHANNEL = "channel";
    public static final String CAMPAIGN = "campaign";
    public static final String VALUE = "value";

    /** The optional text properties a definition may filter on or count distinct values of. */
    public static final List<String> PROPERTIES = List.of(PAGE, CHANNEL, CAMPAIGN);

    /**
     * A total order (time first) so that every computation over a lead's events sees them in the
     * same order however they arrived: sums are then bit-for-bit identical offline and online.
     */
    public static final Comparator<Event> ORDER = Comparator.comparingLong(Event::ts)
            .thenComparing(Event::type)
            .thenComparing(Event::page, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Event::channel, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Event::campaign, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingDouble(Event::value);

    public Event {
        Objects.requireNonNull(type, "type");
    }

    /** The value of a text property ({@link #PAGE}, {@link #CHANNEL} or {@link #CAMPAIGN}). */
    public String property(String name) {
        return switch (name) {
            case PAGE -> page;
            case CHANNEL -> channel;
            case CAMPAIGN -> campaign;
            default -> throw new IllegalArgumentException("no event property " + name);
        };
    }

    /** The same event at another instant. */
    public Event at(long newTs) {
        return new Event(leadId, newTs, type, page, channel, campaign, value);
    }

    /** The Parquet schema of the event log. */
    public static List<ParquetTableWriter.Field> parquetFields() {
        return List.of(
                new ParquetTableWriter.Field(LEAD_ID, ColumnType.CATEGORICAL, false),
                new ParquetTableWriter.Field(TS, ColumnType.TIMESTAMP, false),
                new ParquetTableWriter.Field(TYPE, ColumnType.CATEGORICAL, false),
                new ParquetTableWriter.Field(PAGE, ColumnType.CATEGORICAL, true),
                new ParquetTableWriter.Field(CHANNEL, ColumnType.CATEGORICAL, true),
                new ParquetTableWriter.Field(CAMPAIGN, ColumnType.CATEGORICAL, true),
                new ParquetTableWriter.Field(VALUE, ColumnType.NUMERIC, true));
    }

    /** The values of this event in {@link #parquetFields()} order. */
    public Object[] toRow() {
        return new Object[] {leadId, ts, type, page, channel, campaign, Double.isNaN(value) ? null : value};
    }
}
