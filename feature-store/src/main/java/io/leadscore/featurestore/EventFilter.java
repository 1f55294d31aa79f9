package io.leadscore.featurestore;

import io.leadscore.events.Event;
import java.util.Map;
import java.util.Set;

/**
 * Which events a feature looks at: event types ({@code event:}; empty means every type) and
 * required property values ({@code where:}, e.g. {@code page: pricing}; a list means any of them).
 *
 * @param types the event types, empty for all
 * @param where property name ({@code page}, {@code channel}, {@code campaign}) to accepted values
 */
public record EventFilter(Set<String> types, Map<String, Set<String>> where) {
    public EventFilter {
        types = Set.copyOf(types);
        where = Map.copyOf(where);
    }

    /** Whether the event passes the filter (its time is checked separately, by the window). */
    public boolean matches(Event e) {
        if (!types.isEmpty() && !types.contains(e.type())) {
            return false;
        }
        for (Map.Entry<String, Set<String>> w : where.entrySet()) {
            String v = e.property(w.getKey());
            if (v == null || !w.getValue().contains(v)) {
                return false;
            }
        }
        return true;
    }
}
