package io.leadscore.features;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The positions of a fixed list of field names, shared by the many leads that are read the same
 * way: such a lead keeps its values in an array by these positions ({@link LeadRecord#at}) rather
 * than in a map of its own, and a reader of fixed fields ({@link FieldAccess}) finds them by
 * position, working the positions out once per layout instead of looking every name up in every
 * lead. Immutable.
 */
public final class FieldLayout {
    private final List<String> names;
    private final Map<String, Integer> positions;

    /**
     * @param names the field names in position order, each once
     * @throws IllegalArgumentException if a name is repeated
     */
    public FieldLayout(Collection<String> names) {
        this.names = List.copyOf(names);
        this.positions = new HashMap<>(2 * this.names.size());
        for (int p = 0; p < this.names.size(); p++) {
            if (positions.put(this.names.get(p), p) != null) {
                throw new IllegalArgumentException("field " + this.names.get(p) + " appears twice in a layout");
            }
        }
    }

    /** The number of positions. */
    public int size() {
        return names.size();
    }

    /** The field names in position order. */
    public List<String> names() {
        return names;
    }

    /** The position of a field, or -1 when the layout does not have it. */
    public int positionOf(String name) {
        Integer p = positions.get(name);
        return p == null ? -1 : p;
    }
}
