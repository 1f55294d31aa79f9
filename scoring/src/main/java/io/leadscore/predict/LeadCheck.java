package io.leadscore.predict;

import io.leadscore.features.FieldLayout;
import io.leadscore.features.InputFeature;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a lead's values as read against the model's inputs and the rules' fields, with
 * {@link InputValues}' rules and messages: the one check behind the API's 400s and the batch
 * command's rejects. Values sit at the positions of {@link #layout()}: the inputs, then the other
 * fields the rules read. Immutable and thread-safe.
 */
public final class LeadCheck {
    /** Receives each problem of a lead: the field and the message. */
    @FunctionalInterface
    public interface Errors {
        void add(String field, String message);
    }

    private final List<InputFeature> inputs;
    private final List<String> extraFields;
    private final FieldLayout layout;
    private final int[] inputSlots;
    private final int[] extraSlots;

    /**
     * @param inputs the model's input fields
     * @param extraFields other fields to keep (the rules'): any single value is accepted
     */
    public LeadCheck(List<InputFeature> inputs, Collection<String> extraFields) {
        this.inputs = List.copyOf(inputs);
        this.extraFields = List.copyOf(extraFields);
        Set<String> names = new LinkedHashSet<>();
        inputs.forEach(in -> names.add(in.name()));
        names.addAll(extraFields);
        this.layout = new FieldLayout(names);
        this.inputSlots = inputs.stream().mapToInt(in -> layout.positionOf(in.name())).toArray();
        this.extraSlots = this.extraFields.stream().mapToInt(layout::positionOf).toArray();
    }

    /** The positions of a lead's values: the inputs, then the other fields the rules read. */
    public FieldLayout layout() {
        return layout;
    }

    public List<InputFeature> inputs() {
        return inputs;
    }

    /**
     * The lead's values of the right types by {@link #layout()}'s positions, or null when it has a
     * mistake; each mistake goes to {@code errors} (inputs first, then the rules' fields).
     *
     * @param values the values as read, by the layout's positions (the array may be longer)
     */
    public Object[] check(Object[] values, Errors errors) {
        return check(values, errors, (field, message) -> { });
    }

    /**
     * As {@link #check(Object[], Errors)}, and tells {@code conversions} of each value read by
     * conversion (a number or boolean from text, a boolean from 1 or 0), with the warning to give.
     */
    public Object[] check(Object[] values, Errors errors, Errors conversions) {
        Object[] row = new Object[layout.size()];
        boolean ok = true;
        for (int k = 0; k < inputSlots.length; k++) {
            InputFeature in = inputs.get(k);
            int at = inputSlots[k];
            Object v = values[at];
            if (v == null) {
                if (in.required()) {
                    errors.add(in.name(), InputValues.missing(in.type()));
                    ok = false;
                }
                continue;
            }
            Object read = InputValues.input(in.type(), v);
            if (read == null && v instanceof String text) {
                read = InputValues.fromText(in.type(), text);
                if (read != null) {
                    conversions.add(in.name(), InputValues.converted(in.name(), v, read));
                }
            } else if (read instanceof Boolean && !(v instanceof Boolean)) {
                conversions.add(in.name(), InputValues.converted(in.name(), v, read));
            }
            if (read == null) {
                errors.add(in.name(), InputValues.wrongType(in.type(), v));
                ok = false;
            } else {
                row[at] = read;
            }
        }
        for (int e = 0; e < extraSlots.length; e++) {
            int at = extraSlots[e];
            Object v = values[at];
            if (row[at] != null || v == null) {
                continue;
            }
            if (v instanceof Number n) {
                row[at] = n.doubleValue();
            } else if (v instanceof InputValues.Nested nested) {
                errors.add(extraFields.get(e), "expected a single value, got " + nested.kind());
                ok = false;
            } else {
                row[at] = v;
            }
        }
        return ok ? row : null;
    }
}
