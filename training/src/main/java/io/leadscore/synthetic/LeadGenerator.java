package io.leadscore.synthetic;

import io.leadscore.data.ParquetTableWriter;
import io.leadscore.schema.LeadField;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Writes a synthetic lead history in the canonical schema from a hidden ground-truth process, for
 * demos, tests and benchmarks. Conversion depends on BANT attributes and behaviours non-linearly:
 * saturating counts (the third pricing-page view adds less than the first), an interaction (a demo
 * request matters far more from someone with decision authority), recency decay, a latent intent
 * that drives behaviour and conversion alike, and a slow upward time trend. The incumbent point
 * table ranks these leads reasonably but not well. Pricing-page views matter most with a real budget,
 * and time on site has a sweet spot (very long sessions are researchers, not buyers). Rows are generated one at a time and streamed
 * to Parquet, so memory stays flat; the same seed gives the same file.
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

    private final long seed;

    public LeadGenerator(long seed) {
        this.seed = seed;
    }

    /** Writes {@code leads} leads to {@code out} (a .parquet file), atomically. Returns the number converted. */
    public long write(long leads, Path out) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long converted = 0;
        try (ParquetTableWriter w = ParquetTableWriter.create(out, LeadField.parquetFields())) {
            for (long i = 0; i < leads; i++) {
                Object[] row = lead(i, leads, rnd);
                if (Boolean.TRUE.equals(row[LeadField.CONVERTED.ordinal()])) {
                    converted++;
                }
                w.write(row);
            }
            w.commit();
        }
        return converted;
    }

    /** One lead, as values in {@link LeadField} order. */
    Object[] lead(long i, long total, SplittableRandom rnd) {
        double frac = (i + rnd.nextDouble()) / total;
        long created = START.toEpochMilli() + (long) (frac * SPAN.toMillis());
        long scored = created + (long) (rnd.nextDouble() * Duration.ofDays(14).toMillis());
        double z = gaussian(rnd);

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

        long visits = poisson(rnd, Math.exp(0.9 + 0.2 * z + (source == 0 ? 0.4 : 0.0)));
        long pages = visits + (visits == 0 ? 0 : poisson(rnd, 2.0 * visits));
        double timeOnSite = pages == 0 ? 0 : Math.round(pages * 45 * Math.exp(0.5 * gaussian(rnd)));
        long pricing = poisson(rnd, Math.exp(-1.2 + 0.8 * z));
        long opened = poisson(rnd, Math.exp(0.5 + 0.1 * z + (source == 5 ? 0.7 : 0.0)));
        long clicks = binomial(rnd, opened, 0.10 + 0.2 * sigmoid(z));
        long forms = poisson(rnd, Math.exp(-1.0 + 0.4 * z));
        long downloads = poisson(rnd, Math.exp(-1.0 + 0.3 * z));
        long webinars = poisson(rnd, Math.exp(-2.0 + 0.4 * z));
        boolean demo = rnd.nextDouble() < sigmoid(-2.5 + 1.0 * z);
        long chats = poisson(rnd, Math.exp(-1.5 + 0.6 * z + (source == 6 ? 1.2 : 0.0)));
        long abandoned = poisson(rnd, Math.exp(-2.5 + 0.5 * z));
        double daysIdle = Math.floor(-Math.log(1 - rnd.nextDouble()) * 20 * Math.exp(-0.5 * z));

        boolean authority = level <= 2;
        String stage = demo || (forms >= 2 && authority) ? "sql"
                : forms >= 1 || downloads >= 2 ? "mql"
                : opened > 0 || clicks > 0 ? "lead" : "visitor";

        double logit = -3.0
                + LEVEL_EFFECT[level] + NEED_EFFECT[need] + BUDGET_EFFECT[budget] + TIMELINE_EFFECT[timeline]
                + SOURCE_EFFECT[source] + SIZE_EFFECT[size]
                + (budget >= 2 ? 2.0 : 0.5) * (1 - Math.exp(-pricing / 1.5))
                + 0.8 * Math.exp(-Math.pow(Math.log1p(timeOnSite) - 6.5, 2) / 2) - 0.3
                + 0.8 * Math.log1p(clicks)
                + (demo ? (authority ? 1.6 : -0.2) : 0.0)
                + 0.9 * (1 - Math.exp(-webinars))
                + 0.7 * (1 - Math.exp(-chats / 2.0))
                + (abandoned >= 1 ? 0.6 : 0.0)
                - 2.0 * (1 - Math.exp(-daysIdle / 14.0))
                + 0.25 * frac
                + 0.3 * z;
        boolean converted = rnd.nextDouble() < sigmoid(logit);
        Long convertedAt = converted ? scored + (long) (-Math.log(1 - rnd.nextDouble()) * Duration.ofDays(20).toMillis()) : null;

        return new Object[] {
            String.format("L%09d", i), created, scored,
            SOURCES[source], INDUSTRIES[industry], SIZES[size], LEVELS[level], BUDGETS[budget], NEEDS[need],
            TIMELINES[timeline], COUNTRIES[country],
            (double) visits, (double) pages, timeOnSite, (double) pricing, (double) opened, (double) clicks,
            (double) forms, (double) downloads, (double) webinars, demo, (double) chats, (double) abandoned, daysIdle,
            stage, converted, convertedAt
        };
    }

    private static int pick(SplittableRandom rnd, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = rnd.nextDouble() * total;
        for (int k = 0; k < weights.length; k++) {
            u -= weights[k];
            if (u < 0) {
                return k;
            }
        }
        return weights.length - 1;
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long poisson(SplittableRandom rnd, double lambda) {
        if (lambda > 30) {
            return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rnd)));
        }
        double l = Math.exp(-lambda);
        long k = 0;
        double p = 1;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private static long binomial(SplittableRandom rnd, long n, double p) {
        long k = 0;
        for (long t = 0; t < n; t++) {
            if (rnd.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
