package io.leadscore.schema;

import io.leadscore.data.ColumnType;
import io.leadscore.data.ParquetTableWriter;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical lead record: every field leadscore knows by name, its type, what it means and, for
 * categories, its levels. Behaviour counts are counted strictly before {@link #SCORED_AT}; the
 * outcome fields ({@link #CONVERTED}, {@link #CONVERTED_AT}) are known only afterwards and are never
 * model inputs. Other datasets work too: leadscore types their columns by inspection.
 */
public enum LeadField {
    LEAD_ID("lead_id", ColumnType.CATEGORICAL, "Identifier of the lead in the CRM (not a feature)"),
    CREATED_AT("created_at", ColumnType.TIMESTAMP, "When the lead was created"),
    SCORED_AT("scored_at", ColumnType.TIMESTAMP, "The moment the lead is scored; every feature uses only what was known before it"),
    SOURCE("source", ColumnType.CATEGORICAL, "Channel the lead came from",
            "website", "search_ads", "social", "referral", "event", "email", "chat_app"),
    INDUSTRY("industry", ColumnType.CATEGORICAL, "Industry of the lead's company",
            "software", "finance", "healthcare", "manufacturing", "retail", "education", "public_sector", "other"),
    COMPANY_SIZE("company_size", ColumnType.CATEGORICAL, "Employees of the lead's company",
            "1-10", "11-50", "51-200", "201-1000", "1000+"),
    JOB_LEVEL("job_level", ColumnType.CATEGORICAL, "Job level, i.e. decision authority (BANT: Authority)",
            "c_level", "vp", "director", "manager", "individual", "student"),
    BUDGET_BAND("budget_band", ColumnType.CATEGORICAL, "Stated budget (BANT: Budget)",
            "none", "under_10k", "10k_50k", "50k_250k", "over_250k"),
    STATED_NEED("stated_need", ColumnType.CATEGORICAL, "How strongly the lead stated a need (BANT: Need)",
            "none", "low", "medium", "high"),
    PURCHASE_TIMELINE("purchase_timeline", ColumnType.CATEGORICAL, "When the lead plans to buy (BANT: Timeline)",
            "now", "quarter", "year", "none"),
    COUNTRY("country", ColumnType.CATEGORICAL, "Country of the lead's company (ISO 3166 alpha-2)",
            "US", "GB", "DE", "FR", "NL", "ES", "IT", "SE", "CA", "AU", "IN", "BR"),
    WEBSITE_VISITS("website_visits", ColumnType.NUMERIC, "Website visits before scoring"),
    PAGES_VIEWED("pages_viewed", ColumnType.NUMERIC, "Pages viewed before scoring"),
    TIME_ON_SITE_SEC("time_on_site_sec", ColumnType.NUMERIC, "Seconds spent on the website before scoring"),
    PRICING_PAGE_VIEWS("pricing_page_views", ColumnType.NUMERIC, "Views of the pricing page before scoring"),
    EMAILS_OPENED("emails_opened", ColumnType.NUMERIC, "Marketing and offer emails opened before scoring"),
    EMAIL_CLICKS("email_clicks", ColumnType.NUMERIC, "Clicks in emails before scoring"),
    FORMS_SUBMITTED("forms_submitted", ColumnType.NUMERIC, "Web forms submitted before scoring"),
    CONTENT_DOWNLOADS("content_downloads", ColumnType.NUMERIC, "Content (white papers, guides) downloaded before scoring"),
    WEBINARS_ATTENDED("webinars_attended", ColumnType.NUMERIC, "Webinars attended before scoring"),
    DEMO_REQUESTED("demo_requested", ColumnType.BOOLEAN, "Whether the lead requested a demo before scoring"),
    CHAT_MESSAGES("chat_messages", ColumnType.NUMERIC, "Chat messages sent to sales before scoring"),
    BOOKINGS_ABANDONED("bookings_abandoned", ColumnType.NUMERIC, "Meeting bookings started but not completed before scoring"),
    DAYS_SINCE_LAST_ACTIVITY("days_since_last_activity", ColumnType.NUMERIC, "Days between the last activity and scoring"),
    LIFECYCLE_STAGE("lifecycle_stage", ColumnType.CATEGORICAL, "Lifecycle stage at scoring time",
            "visitor", "lead", "mql", "sql"),
    CONVERTED("converted", ColumnType.BOOLEAN, "Outcome: the lead became a customer (label; not a feature)"),
    CONVERTED_AT("converted_at", ColumnType.TIMESTAMP, "Outcome: when it converted, empty if it did not (not a feature)");

    private final String column;
    private final ColumnType type;
    private final String description;
    private final List<String> levels;

    LeadField(String column, ColumnType type, String description, String... levels) {
        this.column = column;
        this.type = type;
        this.description = description;
        this.levels = Arrays.asList(levels);
    }

    /** The column name in files and the field name in requests. */
    public String column() {
        return column;
    }

    public ColumnType type() {
        return type;
    }

    public String description() {
        return description;
    }

    /** The known levels of a categorical field (empty for other types). */
    public List<String> levels() {
        return levels;
    }

    /** The Parquet columns of the canonical schema, in order. */
    public static List<ParquetTableWriter.Field> parquetFields() {
        return Arrays.stream(values()).map(f -> new ParquetTableWriter.Field(f.column, f.type, f == CONVERTED_AT)).toList();
    }

    /** The field with this column name, if it is canonical. */
    public static java.util.Optional<LeadField> byColumn(String column) {
        return Arrays.stream(values()).filter(f -> f.column.equals(column)).findFirst();
    }
}
