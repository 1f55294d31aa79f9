package io.leadscore.synthetic;

import static io.leadscore.synthetic.Draws.secondsOnPage;
import static io.leadscore.synthetic.Draws.between;
import static io.leadscore.synthetic.Draws.pick;
import static io.leadscore.synthetic.Draws.gaussian;
import static io.leadscore.synthetic.Draws.poisson;
import static io.leadscore.synthetic.Draws.binomial;
import static io.leadscore.synthetic.Draws.clamp;
import static io.leadscore.synthetic.Draws.sigmoid;

import io.leadscore.data.ParquetTableWriter;
import io.leadscore.events.Event;
import io.leadscore.schema.LeadField;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic lead history from a hidden ground-truth process, for demos, tests and
 * benchmarks: lead attribute snapshots in the canonical schema ({@code leads.parquet}) and,
 * optionally, the event log they came from ({@code events.parquet}). Each lead's behaviour is
 * simulated as events; its behaviour columns are the counts of its events strictly before
 * {@code scored_at}. Events after {@code scored_at} exist too (and betray the outcome), so a
 * feature that looks past the scoring instant would leak. Conversion depends on BANT attributes and
 * on the events non-linearly: saturating counts, how recently the pricing page was viewed, an
 * interaction (a demo request matters far more from someone with decision authority), integration
 * docs read in the last 30 days, careers-page visits (job seekers), idleness, pricing views that
 * matter most with a real budget, a sweet spot of time on site, a latent intent that
 * drives behaviour and conversion alike, and a slow upward time trend. The incumbent point table
 * ranks these leads reasonably but not well, and the aggregate columns hide part of the signal that
 * the events carry. Leads are generated one at a time and streamed to Parquet, so memory stays
 * flat; the same seed gives the same files.
 * <p>
 * With {@linkplain #LeadGenerator(long, int) segments}, each lead also carries a {@link #SEGMENT_COLUMN}
 * ({@link Segments}) whose teams convert for different reasons: the first team follows the process
 * above, the others weigh the same fields differently (some effects reversed). The team is drawn
 * from a random stream of its own, so that without segments the files are the same as before.
 */
public final class LeadGenerator {
    /** First creation instant of generated leads. */
    public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    /** Span over which leads are created. */
    public static final Duration SPAN = Duration.ofDays(730);

    private static final String[] SOURCES = {"website", "search_ads", "social", "referral", "event", "email", "chat_app"};
    private static final double[] SOURCE_MIX = {0.30, 0.20, 0.15, 0.08, 0.07, 0.15, 0.05};
    private static final double[] SOURCE_EFFECT = {0.0, 0.2, -0.7, 1.0, 0.4, -0.3, 0.5};
    private static final String[] INDUSTRIES = {"software", "finance", "healthcare", "manufacturing", "retail", "education", "public_sector", "other"};
    private static final double[] INDUSTRY_MIX = {0.25, 0.15, 0.12, 0.12, 0.1, 0.08, 0.06, 0.12};
    private static final String[] SIZES = {"1-10", "11-50", "51-200", "201-1000", "1000+"};
    private static final double[] SIZE_MIX = {0.25, 0.25, 0.22, 0.16, 0.12};
    private static final double[] SIZE_EFFECT = {-0.3, 0.1, 0.1, 0.1, -0.1};
    private static final String[] LEVELS = {"c_level", "vp", "director", "manager", "individual", "student"};
    private static final double[] LEVEL_MIX = {0.07, 0.08, 0.15, 0.25, 0.35, 0.10};
    private static final double[] LEVEL_EFFECT = {0.1, 0.4, 0.6, 0.4, 0.0, -1.5};
    private static final String[] BUDGETS = {"none", "under_10k", "10k_50k", "50k_250k", "over_250k"};
    private static final double[] BUDGET_EFFECT = {-0.8, 0.0, 0.5, 0.5, -0.2};
    private static final String[] NEEDS = {"none", "low", "medium", "high"};
    private static final double[] NEED_EFFECT = {-0.6, 0.0, 0.4, 0.8};
    private static final String[] TIMELINES = {"now", "quarter", "year", "none"};
    private static final double[] TIMELINE_EFFECT = {0.6, 0.3, 0.0, -0.5};
    private static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "NL", "ES", "IT", "SE", "CA", "AU", "IN", "BR"};
    private static final double[] COUNTRY_MIX = {0.35, 0.12, 0.1, 0.07, 0.04, 0.04, 0.04, 0.03, 0.06, 0.05, 0.06, 0.04};

    /** Event types the generator writes, and the canonical count columns they feed. */
    public static final String VISIT = "visit", PAGE_VIEW = "page_view", EMAIL_OPEN = "email_open", EMAIL_CLICK = "email_click",
            FORM_SUBMIT = "form_submit", CONTENT_DOWNLOAD = "content_download", WEBINAR = "webinar_attended",
            DEMO_REQUEST = "demo_request", CHAT_MESSAGE = "chat_message", BOOKING_ABANDONED = "booking_abandoned";
    private static final String[] PAGES = {"home", "product", "blog", "docs", "integrations", "careers"};
    private static final String[] CHANNELS = {"organic", "paid", "social", "referral", "direct", "email", "chat"};
    private static final int[] CHANNEL_OF_SOURCE = {0, 1, 2, 3, 4, 5, 6};
    private static final String[] CAMPAIGNS = {"newsletter", "offer", "webinar_invite", "product_update"};
    private static final double[] CAMPAIGN_MIX = {0.5, 0.25, 0.15, 0.1};
    private static final long DAY = Duration.ofDays(1).toMillis();
    /** Behaviour is simulated from this long before creation (anonymous visits attributed later). */
    private static final long PRE_CREATION = Duration.ofDays(60).toMillis();
    /** Behaviour is simulated for this long after scoring (it exists in the log; features must never see it). */
    private static final long POST_SCORING = Duration.ofDays(60).toMillis();

    /** The column of the lead's team, written with segments. */
    public static final String SEGMENT_COLUMN = Segments.COLUMN;

    private final long seed;
    private final Segments segments;

    public LeadGenerator(long seed) {
        this(seed, 0);
    }

    /**
     * @param segments teams whose leads convert for different reasons (0 for none: the canonical
     *     schema alone); see {@link Segments}
     */
    public LeadGenerator(long seed, int segments) {
        this.seed = seed;
        this.segments = segments == 0 ? null : new Segments(segments, seed);
    }

    /** One generated lead: its row in {@link LeadField} order and all its events (before and after scoring), in time order. */
    record GeneratedLead(Object[] row, List<Event> events) {
    }

    /** Writes {@code leads} leads to {@code out} (a .parquet file), atomically. Returns the number converted. */
    public long write(long leads, Path out) {
        return write(leads, out, null);
    }

    /**
     * Writes {@code leads} leads to {@code leadsOut} and, unless it is null, their events to
     * {@code eventsOut} (both .parquet, both atomically, one lead at a time so memory stays flat;
     * events grouped by lead in lead order, each lead's in time order). The behaviour columns of a
     * lead row are exactly the counts of its events before {@code scored_at}. Returns the number
     * converted.
     */
    public long write(long leads, Path leadsOut, Path eventsOut) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long converted = 0;
        java.util.List<ParquetTableWriter.Field> fields = new ArrayList<>(LeadField.parquetFields());
        if (segments != null) {
            fields.add(Segments.FIELD);
        }
        try (ParquetTableWriter w = ParquetTableWriter.create(leadsOut, fields);
             ParquetTableWriter ew = eventsOut == null ? null : ParquetTableWriter.create(eventsOut, Event.parquetFields())) {
            for (long i = 0; i < leads; i++) {
                GeneratedLead lead = lead(i, leads, rnd);
                if (Boolean.TRUE.equals(lead.row()[LeadField.CONVERTED.ordinal()])) {
                    converted++;
                }
                w.write(lead.row());
                if (ew != null) {
                    for (Event e : lead.events()) {
                        ew.write(e.toRow());
                    }
                }
            }
            if (ew != null) {
                ew.commit();
            }
            w.commit();
        }
        return converted;
    }

    /** One lead with its events. */
    GeneratedLead lead(long i, long total, SplittableRandom rnd) {
        String id = String.format("L%09d", i);
        double frac = (i + rnd.nextDouble()) / total;
        long created = START.toEpochMilli() + (long) (frac * SPAN.toMillis());
        long scored = created + (long) (rnd.nextDouble() * Duration.ofDays(14).toMillis());
        double z = gaussian(rnd);
        int team = segments == null ? 0 : segments.draw();

        // Channel mix drifts: chat grows, email shrinks over the two years.
        double[] mix = SOURCE_MIX.clone();
        mix[6] += 0.08 * frac;
        mix[5] -= 0.08 * frac;
        int source = pick(rnd, mix);
        int industry = pick(rnd, INDUSTRY_MIX);
        int size = pick(rnd, SIZE_MIX);
        int level = pick(rnd, LEVEL_MIX);
        int budget = clamp((int) Math.round(size * 0.7 + 0.5 * z + 1.0 * gaussian(rnd) + 0.6), 0, 4);
        int need = clamp((int) Math.round(1.4 + 0.5 * z + 0.9 * gaussian(rnd)), 0, 3);
        int timeline = clamp((int) Math.round(1.8 - 0.4 * z + 0.9 * gaussian(rnd)), 0, 3);
        int country = pick(rnd, COUNTRY_MIX);
        boolean authority = level <= 2;

        // How much of each behaviour happens before scoring.
        long visits = poisson(rnd, Math.exp(0.9 + 0.2 * z + (source == 0 ? 0.4 : 0.0)));
        long otherPages = visits + (visits == 0 ? 0 : poisson(rnd, 2.0 * visits));
        long pricing = poisson(rnd, Math.exp(-1.2 + 0.8 * z));
        long opened = poisson(rnd, Math.exp(0.5 + 0.1 * z + (source == 5 ? 0.7 : 0.0)));
        long clicks = binomial(rnd, opened, 0.10 + 0.2 * sigmoid(z));
        long forms = poisson(rnd, Math.exp(-1.0 + 0.4 * z));
        long downloads = poisson(rnd, Math.exp(-1.0 + 0.3 * z));
        long webinars = poisson(rnd, Math.exp(-2.0 + 0.4 * z));
        boolean demo = rnd.nextDouble() < sigmoid(-2.5 + 1.0 * z);
        long chats = poisson(rnd, Math.exp(-1.5 + 0.6 * z + (source == 6 ? 1.2 : 0.0)));
        long abandoned = poisson(rnd, Math.exp(-2.5 + 0.5 * z));
        long idleMillis = (long) Math.floor(-Math.log(1 - rnd.nextDouble()) * 20 * Math.exp(-0.5 * z)) * DAY
                + (long) (rnd.nextDouble() * (DAY - 1));
        double gapDays = 15 * Math.exp(-0.3 * z);
        double pricingGapDays = 20 * Math.exp(-0.6 * z);

        // When it happened: the newest event is idleMillis before scoring, the others older still.
        List<Event> events = new ArrayList<>();
        Clock clock = new Clock(rnd, scored, idleMillis, created - PRE_CREATION);
        for (long k = 0; k < visits; k++) {
            int ch = rnd.nextDouble() < 0.7 ? CHANNEL_OF_SOURCE[source] : rnd.nextInt(CHANNELS.length);
            events.add(new Event(id, clock.before(gapDays), VISIT, null, CHANNELS[ch], null, Double.NaN));
        }
        double integrationWeight = 0.06 * Math.exp(0.6 * z);
        double careersWeight = level >= 4 ? 0.08 : 0.02;
        double[] pageMix = {0.35, 0.25, 0.2, integrationWeight, integrationWeight, careersWeight};
        for (long k = 0; k < otherPages; k++) {
            events.add(new Event(id, clock.before(gapDays), PAGE_VIEW, PAGES[pick(rnd, pageMix)], null, null, secondsOnPage(rnd)));
        }
        for (long k = 0; k < pricing; k++) {
            events.add(new Event(id, clock.before(pricingGapDays), PAGE_VIEW, "pricing", null, null, secondsOnPage(rnd)));
        }
        List<Event> opens = new ArrayList<>();
        for (long k = 0; k < opened; k++) {
            Event open = new Event(id, clock.before(gapDays), EMAIL_OPEN, null, "email", CAMPAIGNS[pick(rnd, CAMPAIGN_MIX)], Double.NaN);
            opens.add(open);
            events.add(open);
        }
        for (long k = 0; k < clicks; k++) {
            Event open = opens.get((int) k);
            long room = Math.max(0, scored - idleMillis - open.ts());
            events.add(new Event(id, open.ts() + (long) (rnd.nextDouble() * Math.min(room, 600_000L)), EMAIL_CLICK, null, "email",
                    open.campaign(), Double.NaN));
        }
        addAll(events, id, clock, gapDays, FORM_SUBMIT, forms);
        addAll(events, id, clock, gapDays, CONTENT_DOWNLOAD, downloads);
        addAll(events, id, clock, gapDays, WEBINAR, webinars);
        addAll(events, id, clock, gapDays, DEMO_REQUEST, demo ? 1 : 0);
        addAll(events, id, clock, gapDays, CHAT_MESSAGE, chats);
        addAll(events, id, clock, gapDays, BOOKING_ABANDONED, abandoned);
        clock.placeNewest(events);

        // The canonical row: counts of the events before scoring (all of the above are).
        double timeOnSite = 0;
        long newest = Long.MIN_VALUE;
        double pricingRecency = 0;
        long integrations30d = 0;
        boolean careers = false;
        for (Event e : events) {
            newest = Math.max(newest, e.ts());
            if (e.type().equals(PAGE_VIEW)) {
                timeOnSite += e.value();
                double ageDays = (double) (scored - e.ts()) / DAY;
                if ("pricing".equals(e.page())) {
                    pricingRecency += Math.exp(-ageDays / 10.0);
                } else if (("integrations".equals(e.page()) || "docs".equals(e.page())) && ageDays <= 30) {
                    integrations30d++;
                } else if ("careers".equals(e.page())) {
                    careers = true;
                }
            }
        }
        double daysIdle = Math.floor((double) (scored - (events.isEmpty() ? created : newest)) / DAY);
        long pages = otherPages + pricing;
        String stage = demo || (forms >= 2 && authority) ? "sql"
                : forms >= 1 || downloads >= 2 ? "mql"
                : opened > 0 || clicks > 0 ? "lead" : "visitor";

        // Hidden ground truth: BANT, saturating behaviour, recency of pricing-page views, demo x
        // authority, technical evaluation (integration docs), job seekers (careers page), idleness.
        double[] terms = {
            LEVEL_EFFECT[level], NEED_EFFECT[need], BUDGET_EFFECT[budget], TIMELINE_EFFECT[timeline],
            SOURCE_EFFECT[source], SIZE_EFFECT[size],
            (budget >= 2 ? 1.0 : 0.35) * 1.8 * (1 - Math.exp(-pricingRecency / 1.0)),
            0.8 * Math.exp(-Math.pow(Math.log1p(timeOnSite) - 6.5, 2) / 2), -0.3,
            0.8 * Math.log1p(clicks),
            demo ? (authority ? 1.6 : -0.2) : 0.0,
            0.9 * (1 - Math.exp(-webinars)),
            0.7 * (1 - Math.exp(-chats / 2.0)),
            abandoned >= 1 ? 0.6 : 0.0,
            0.6 * (1 - Math.exp(-integrations30d)),
            -(careers ? 0.8 : 0.0),
            -2.0 * (1 - Math.exp(-daysIdle / 14.0)),
            0.25 * frac,
            0.3 * z};
        // summed in this order from -3.0, as the one expression it was, so that the same seed gives the same leads
        double logit = segments == null ? sum(-3.0, terms) : -3.0 + segments.logit(team, terms);
        boolean converted = rnd.nextDouble() < sigmoid(logit);
        Long convertedAt = converted ? scored + (long) (-Math.log(1 - rnd.nextDouble()) * Duration.ofDays(20).toMillis()) : null;

        // Behaviour after scoring: it exists in the log, and it betrays the outcome (a buying
        // burst before converting), so any feature that looked past scored_at would leak.
        long end = convertedAt != null ? Math.min(convertedAt, scored + POST_SCORING) : scored + POST_SCORING;
        long later = poisson(rnd, 1.0 * Math.exp(0.3 * z));
        for (long k = 0; k < later; k++) {
            long t = between(rnd, scored, end);
            events.add(new Event(id, t, VISIT, null, CHANNELS[CHANNEL_OF_SOURCE[source]], null, Double.NaN));
            events.add(new Event(id, t + 1000, PAGE_VIEW, PAGES[pick(rnd, pageMix)], null, null, secondsOnPage(rnd)));
        }
        long laterOpens = poisson(rnd, 1.5);
        for (long k = 0; k < laterOpens; k++) {
            events.add(new Event(id, between(rnd, scored, end), EMAIL_OPEN, null, "email", CAMPAIGNS[pick(rnd, CAMPAIGN_MIX)], Double.NaN));
        }
        if (convertedAt != null) {
            long burst = 1 + poisson(rnd, 1.5);
            for (long k = 0; k < burst; k++) {
                events.add(new Event(id, between(rnd, scored, convertedAt), PAGE_VIEW, "pricing", null, null, secondsOnPage(rnd)));
            }
            if (!demo && rnd.nextDouble() < 0.5) {
                events.add(new Event(id, between(rnd, scored, convertedAt), DEMO_REQUEST, null, null, null, Double.NaN));
            }
        }
        events.sort(Event.ORDER);

        Object[] row = {
            id, created, scored,
            SOURCES[source], INDUSTRIES[industry], SIZES[size], LEVELS[level], BUDGETS[budget], NEEDS[need],
            TIMELINES[timeline], COUNTRIES[country],
            (double) visits, (double) pages, timeOnSite, (double) pricing, (double) opened, (double) clicks,
            (double) forms, (double) downloads, (double) webinars, demo, (double) chats, (double) abandoned, daysIdle,
            stage, converted, convertedAt
        };
        if (segments != null) {
            row = java.util.Arrays.copyOf(row, row.length + 1);
            row[row.length - 1] = segments.name(team);
        }
        return new GeneratedLead(row, events);
    }

    private static double sum(double start, double[] terms) {
        double s = start;
        for (double t : terms) {
            s += t;
        }
        return s;
    }

    private static void addAll(List<Event> events, String id, Clock clock, double gapDays, String type, long n) {
        for (long k = 0; k < n; k++) {
            events.add(new Event(id, clock.before(gapDays), type, null, null, null, Double.NaN));
        }
    }

}
