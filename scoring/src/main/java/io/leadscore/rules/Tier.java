package io.leadscore.rules;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgently sales should work a lead: cold, warm or hot. */
public enum Tier {
    COLD, WARM, HOT;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The tier of a score given the lowest warm and lowest hot scores. */
    public static Tier of(double score, double warmFrom, double hotFrom) {
        return score >= hotFrom ? HOT : score >= warmFrom ? WARM : COLD;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
