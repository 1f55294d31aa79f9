package io.leadscore.featurestore;

import io.leadscore.data.ValueParser;
import io.leadscore.events.Event;
import io.leadscore.features.LeadRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one transform path from raw data to features: a lead's attributes, its events and the
 * scoring instant in, its {@link FeatureValues} out. Both the offline build of training sets and
 * the prediction server call {@link #compute}, so that serving computes exactly what training
 * computed.
 *
 * <p>Point in time: only events strictly before {@code scoredAt} are ever seen (each window is
 * {@code scoredAt - length <= ts < scoredAt}); the caller passes the attribute snapshot valid at
 * {@code scoredAt}. Events are put in one total order ({@link Event#ORDER}) before anything is
 * added up, so the result does not depend on the order they arrived in. Thread-safe.
 */
public final class PointInTimeFeatures {
    private static final double DAY_MILLIS = 86_400_000.0;

    private final FeatureDefinitions definitions;
    private final List<FeatureDefinition> list;
    private final Map<String, int[]> eventFeaturesByType = new HashMap<>();
    private final int[] eventFeaturesOfAnyType;

    public PointInTimeFeatures(FeatureDefinitions definitions) {
        this.definitions = definitions;
        this.list = definitions.definitions();
        Map<String, List<Integer>> byType = new HashMap<>();
        List<Integer> any = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            FeatureDefinition d = list.get(i);
            if (!d.kind().fromEvents()) {
                continue;
            }
            if (d.filter().types().isEmpty()) {
                any.add(i);
            } else {
                for (String t : d.filter().types()) {
                    byType.computeIfAbsent(t, k -> new ArrayList<>()).add(i);
                }
            }
        }
        byType.forEach((t, l) -> eventFeaturesByType.put(t, l.stream().mapToInt(Integer::intValue).toArray()));
        eventFeaturesOfAnyType = any.stream().mapToInt(Integer::intValue).toArray();
    }

    public FeatureDefinitions definitions() {
        return definitions;
    }

    /**
     * Computes a lead's features as of {@code scoredAt}.
     *
     * @param attributes the lead's attribute snapshot valid at {@code scoredAt} (values as in a
     *     {@link LeadRecord}; timestamps as {@link Instant}, epoch milliseconds or ISO text)
     * @param events the lead's events, in any order; those at or after {@code scoredAt} are ignored
     * @param scoredAt the scoring instant, epoch milliseconds
     */
    public FeatureValues compute(LeadRecord attributes, Collection<Event> events, long scoredAt) {
        List<Event> seen = new ArrayList<>(events.size());
        for (Event e : events) {
            if (e.ts() < scoredAt) {
                seen.add(e);
            }
        }
        seen.sort(Event.ORDER);
        int n = list.size();
        long[] count = new long[n];
        double[] sum = new double[n];
        long[] newest = new long[n];
        java.util.Arrays.fill(newest, Long.MIN_VALUE);
        @SuppressWarnings("unchecked")
        Set<String>[] distinct = new Set[n];
        for (Event e : seen) {
            int[] byType = eventFeaturesByType.get(e.type());
            if (byType != null) {
                for (int i : byType) {
                    accumulate(i, e, scoredAt, count, sum, newest, distinct);
                }
            }
            for (int i : eventFeaturesOfAnyType) {
                accumulate(i, e, scoredAt, count, sum, newest, distinct);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            FeatureDefinition d = list.get(i);
            Object v = switch (d.kind()) {
                case COUNT -> (double) count[i];
                case SUM -> sum[i];
                case DISTINCT -> distinct[i] == null ? 0.0 : (double) distinct[i].size();
                case EXISTS -> count[i] > 0;
                case RECENCY -> newest[i] == Long.MIN_VALUE ? d.defaultValue() : (scoredAt - newest[i]) / DAY_MILLIS;
                case RATIO -> ratio(d, values);
                case ATTRIBUTE -> attribute(d, attributes.get(d.column()));
                case AGE -> age(d, attributes.get(d.column()), scoredAt);
            };
            values.put(d.name(), v);
        }
        return new FeatureValues(values);
    }

    private void accumulate(int i, Event e, long scoredAt, long[] count, double[] sum, long[] newest, Set<String>[] distinct) {
        FeatureDefinition d = list.get(i);
        if (!d.window().contains(e.ts(), scoredAt) || !d.filter().matches(e)) {
            return;
        }
        count[i]++;
        switch (d.kind()) {
            case SUM -> {
                if (!Double.isNaN(e.value())) {
                    sum[i] += e.value();
                }
            }
            case RECENCY -> newest[i] = Math.max(newest[i], e.ts());
            case DISTINCT -> {
                String v = e.property(d.field());
                if (v != null) {
                    if (distinct[i] == null) {
                        distinct[i] = new HashSet<>();
                    }
                    distinct[i].add(v);
                }
            }
            default -> {
                // COUNT and EXISTS need only the count
            }
        }
    }

    private static Object ratio(FeatureDefinition d, Map<String, Object> values) {
        Object num = values.get(d.numerator());
        Object den = values.get(d.denominator());
        if (num instanceof Double a && den instanceof Double b && b != 0.0) {
            return a / b;
        }
        return d.defaultValue();
    }

    private static Object attribute(FeatureDefinition d, Object raw) {
        if (raw == null) {
            return d.defaultValue();
        }
        if (d.levelMap() != null) {
            Double mapped = d.levelMap().get(level(raw));
            return mapped != null ? mapped : d.defaultValue();
        }
        Object v = switch (d.type()) {
            case CATEGORICAL -> level(raw);
            case NUMERIC -> raw instanceof Number num && Double.isFinite(num.doubleValue()) ? (Object) num.doubleValue()
                    : raw instanceof Boolean b ? (Object) (b ? 1.0 : 0.0) : null;
            case BOOLEAN -> raw instanceof Boolean b ? b : raw instanceof Number num ? (Object) (num.doubleValue() != 0.0) : null;
            case TIMESTAMP -> null;
        };
        return v != null ? v : d.defaultValue();
    }

    private static String level(Object raw) {
        if (raw instanceof Double x && x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString(x.longValue());
        }
        return raw.toString();
    }

    private static Object age(FeatureDefinition d, Object raw, long scoredAt) {
        Long t = null;
        if (raw instanceof Instant i) {
            t = i.toEpochMilli();
        } else if (raw instanceof Number num && Double.isFinite(num.doubleValue())) {
            t = num.longValue();
        } else if (raw instanceof String s) {
            Instant i = ValueParser.parseTimestamp(s);
            t = i == null ? null : i.toEpochMilli();
        }
        return t == null ? d.defaultValue() : (scoredAt - t) / DAY_MILLIS;
    }
}
