package io.leadscore.features;

import java.util.List;

/**
 * Reads a fixed list of fields from many leads, as the encoder, the drift bins and the rules do for
 * every scored lead: by position from a lead that keeps its values in a {@link FieldLayout} (the
 * positions are worked out once per layout and kept for the next lead of the same layout), by name
 * from any other lead. Thread-safe.
 *
 * <pre>{@code
 * int[] at = access.positions(lead);
 * for (int i = 0; i < access.size(); i++) {
 *     Object raw = access.get(lead, at, i);
 * }
 * }</pre>
 */
public final class FieldAccess {
    /** The positions of the fields in one layout (-1 for a field it lacks). */
    private record Bound(FieldLayout layout, int[] positions) {
    }

    private final String[] names;
    private volatile Bound bound = new Bound(null, null);

    public FieldAccess(List<String> names) {
        this.names = names.toArray(String[]::new);
    }

    /** The number of fields read. */
    public int size() {
        return names.length;
    }

    /** The name of field {@code i}. */
    public String name(int i) {
        return names[i];
    }

    /**
     * Where this access's fields are in {@code lead}'s layout (pass to {@link #get}), or null when
     * the lead has no layout and is read by name.
     */
    public int[] positions(LeadRecord lead) {
        FieldLayout layout = lead.layout();
        if (layout == null) {
            return null;
        }
        Bound b = bound;
        if (b.layout() != layout) {
            int[] at = new int[names.length];
            for (int i = 0; i < at.length; i++) {
                at[i] = layout.positionOf(names[i]);
            }
            b = new Bound(layout, at);
            bound = b;
        }
        return b.positions();
    }

    /** The value of field {@code i} of {@code lead}, given the lead's {@link #positions}. */
    public Object get(LeadRecord lead, int[] positions, int i) {
        if (positions == null) {
            return lead.get(names[i]);
        }
        int p = positions[i];
        return p < 0 ? null : lead.at(p);
    }
}
