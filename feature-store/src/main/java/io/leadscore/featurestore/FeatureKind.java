package io.leadscore.featurestore;

import java.util.Locale;

/** How a feature is computed; the {@code kind:} of a definition in {@code features.yaml}. */
public enum FeatureKind {
    /** Number of matching events in the window. */
    COUNT(true),
    /** Sum of the {@code value} of matching events in the window. */
    SUM(true),
    /** Number of distinct values of a property (page, channel, campaign) among matching events in the window. */
    DISTINCT(true),
    /** Days from the newest matching event in the window to the scoring instant; the default when there is none. */
    RECENCY(true),
    /** Whether at least one matching event falls in the window (true/false). */
    EXISTS(true),
    /** One earlier numeric feature divided by another; the default when the denominator is 0. */
    RATIO(false),
    /** A lead attribute passed through (optionally mapped from levels to numbers). */
    ATTRIBUTE(false),
    /** Days from a timestamp attribute (e.g. {@code created_at}) to the scoring instant. */
    AGE(false);

    private final boolean fromEvents;

    FeatureKind(boolean fromEvents) {
        this.fromEvents = fromEvents;
    }

    /** True for kinds computed from events (they need an event filter and a window). */
    public boolean fromEvents() {
        return fromEvents;
    }

    /** The name used in {@code features.yaml}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
