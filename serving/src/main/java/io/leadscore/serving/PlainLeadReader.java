package io.leadscore.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import io.leadscore.data.ColumnType;
import io.leadscore.features.FieldLayout;
import io.leadscore.features.InputFeature;
import io.leadscore.features.LevelIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the common lead, a flat JSON object of the model's fields, straight from its bytes with
 * Jackson's streaming parser: no tree is built, which halves the cost of reading a lead. It gives
 * exactly the values {@link LeadRequest#from} gives for the same object, and declines (null) for
 * anything else — a mistake of any kind, nested values in a field it reads, {@code events} or
 * {@code attributes}, a lone {@code lead_id}, malformed JSON — so that the caller reads the tree,
 * which handles those cases and names every problem. One reader serves one model's inputs and the
 * rules' fields; it is thread-safe.
 */
final class PlainLeadReader {
    private static final JsonFactory JSON = HttpJson.JSON.getFactory();

    /**
     * What a field of the lead is to this reader, and its position in the leads read; a categorical
     * input's known levels.
     */
    private record Slot(ColumnType type, boolean required, boolean extra, int position, LevelIndex levels) {
    }

    /** The slot of the lead id. */
    private static final Slot ID = new Slot(null, false, false, -1, null);

    /** Field names in the order of a lead, with their slots (null for a field no one reads). */
    private record Order(SerializedString[] names, Slot[] slots) {
    }

    private final List<InputFeature> inputs;
    private final Collection<String> extraFields;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    /** The positions of the leads' values: the inputs, then the other fields read. */
    private final FieldLayout layout;
    /** The positions of the required inputs. */
    private final int[] required;
    /** False when the lead id, events or attributes are also fields to read: cases left to the tree. */
    private final boolean usable;
    /**
     * The field names of the last lead read that had another order, in its order: a CRM sends its
     * leads' fields in one order, so the next lead's names are checked against these byte by byte
     * instead of being hashed and looked up.
     */
    private volatile Order order = new Order(new SerializedString[0], new Slot[0]);

    PlainLeadReader(List<InputFeature> inputs, Collection<String> extraFields) {
        this.inputs = inputs;
        this.extraFields = extraFields;
        for (InputFeature in : inputs) {
            LevelIndex levels = in.type() == ColumnType.CATEGORICAL && in.levels() != null ? new LevelIndex(in.levels()) : null;
            slots.putIfAbsent(in.name(), new Slot(in.type(), in.required(), false, slots.size(), levels));
        }
        for (String name : extraFields) {
            slots.putIfAbsent(name, new Slot(null, false, true, slots.size(), null));
        }
        this.layout = new FieldLayout(slots.keySet());
        this.required = slots.values().stream().filter(Slot::required).mapToInt(Slot::position).toArray();
        this.usable = !slots.containsKey(LeadRequest.ID_FIELD) && !slots.containsKey(EventsRequest.EVENTS)
                && !slots.containsKey(EventsRequest.ATTRIBUTES) && inputs.stream().map(InputFeature::name).distinct().count() == inputs.size();
    }

    /** Whether this reader was made for exactly these inputs and fields. */
    boolean isFor(List<InputFeature> inputs, Collection<String> extraFields) {
        return this.inputs == inputs && this.extraFields == extraFields;
    }

    /** The lead in {@code bytes[offset, offset + length)}, or null to leave it to {@link LeadRequest#from}. */
    LeadRequest read(byte[] bytes, int offset, int length) {
        Found found = read(bytes, offset, length, true);
        return found == null ? null : found.lead();
    }

    /** A lead read from the start of a run of bytes, and the index just after its object. */
    record Found(LeadRequest lead, int end) {
    }

    /**
     * The lead whose object starts at {@code bytes[offset]}, wherever in {@code bytes[offset, offset
     * + length)} it ends (what follows is not read), or null when {@link #read} would decline it.
     */
    Found readFirst(byte[] bytes, int offset, int length) {
        return read(bytes, offset, length, false);
    }

    /** The lead at {@code offset}; when {@code whole}, nothing but spaces may follow it in the run. */
    private Found read(byte[] bytes, int offset, int length, boolean whole) {
        if (!usable) {
            return null;
        }
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            LeadRequest lead = readObject(p);
            if (lead == null || whole && p.nextToken() != null) {
                return null;
            }
            // the parser's offsets count from where it started
            return new Found(lead, whole ? offset + length : offset + (int) p.currentLocation().getByteOffset());
        } catch (IOException | RuntimeException e) {
            return null; // malformed: the tree names where
        }
    }

    /** The lead of the object the parser is before, read through its closing brace; null to decline it. */
    private LeadRequest readObject(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Object[] values = new Object[layout.size()];
        String id = null;
        boolean idSeen = false;
        int fields = 0;
        Order known = order;
        SerializedString[] expected = known.names();
        List<String> names = null; // the names read, once they stray from the expected order
        JsonToken t;
        while (true) {
            // the name expected next is matched on its bytes, without hashing it
            boolean matched = fields < expected.length && p.nextFieldName(expected[fields]);
            t = matched ? JsonToken.FIELD_NAME : fields < expected.length ? p.currentToken() : p.nextToken();
            if (t != JsonToken.FIELD_NAME) {
                break;
            }
            String name = matched ? expected[fields].getValue() : p.currentName();
            Slot slot = matched ? known.slots()[fields] : slotOf(name);
            if (!matched && names == null) {
                names = new ArrayList<>();
                for (int k = 0; k < fields; k++) {
                    names.add(expected[k].getValue());
                }
            }
            if (names != null) {
                names.add(name);
            }
            JsonToken v = p.nextToken();
            fields++;
            if (slot == ID) {
                idSeen = true;
                if (v == JsonToken.VALUE_NULL) {
                    id = null;
                } else if (v == JsonToken.VALUE_STRING) {
                    id = p.getText();
                } else if (v == JsonToken.VALUE_NUMBER_INT) {
                    id = integerText(p);
                } else {
                    return null;
                }
                continue;
            }
            if (slot == null) {
                if (name.equals(EventsRequest.EVENTS) || name.equals(EventsRequest.ATTRIBUTES)) {
                    return null; // a request with the lead's raw data
                }
                p.skipChildren(); // a field no one reads, ignored as by the tree
                continue;
            }
            if (v == JsonToken.VALUE_NULL) {
                values[slot.position()] = null; // null is missing (the last of repeated fields counts, as in the tree)
                continue;
            }
            Object value = slot.extra() ? extra(p, v) : input(p, v, slot);
            if (value == null) {
                return null;
            }
            values[slot.position()] = value;
        }
        if (t != JsonToken.END_OBJECT) {
            return null;
        }
        if (names != null || fields != expected.length) {
            List<String> now = names != null ? names : Arrays.stream(expected, 0, fields).map(SerializedString::getValue).toList();
            order = new Order(now.stream().map(SerializedString::new).toArray(SerializedString[]::new),
                    now.stream().map(this::slotOf).toArray(Slot[]::new));
        }
        if (fields == 1 && idSeen) {
            return null; // a lone lead id asks for the online store
        }
        for (int at : required) {
            if (values[at] == null) {
                return null;
            }
        }
        return LeadRequest.of(layout, values, id);
    }

    /** What a field is to this reader: the lead id, a field read, or null for one no one reads. */
    private Slot slotOf(String name) {
        return name.equals(LeadRequest.ID_FIELD) ? ID : slots.get(name);
    }

    /** An input's value by its type, as {@link LeadRequest#from} reads it; null for a mistake. */
    private static Object input(JsonParser p, JsonToken v, Slot slot) throws IOException {
        boolean number = v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT;
        switch (slot.type()) {
            case NUMERIC -> {
                if (number) {
                    double d = p.getDoubleValue();
                    return Double.isFinite(d) ? d : null;
                }
                return null;
            }
            case BOOLEAN -> {
                if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                    return v == JsonToken.VALUE_TRUE;
                }
                if (number) {
                    double d = p.getDoubleValue();
                    return d == 0.0 || d == 1.0 ? d == 1.0 : null;
                }
                return null;
            }
            case CATEGORICAL -> {
                if (v == JsonToken.VALUE_STRING) {
                    // a level the model knows is read as the level's interned String: no allocation, found by reference later
                    String level = slot.levels() == null ? null : slot.levels().find(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    return level != null ? level : p.getText();
                }
                return v == JsonToken.VALUE_NUMBER_INT ? integerText(p) : null;
            }
            case TIMESTAMP -> {
                return v == JsonToken.VALUE_STRING ? p.getText() : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** A field read for the rules: any scalar, as {@link LeadRequest#from} reads it; null for a mistake. */
    private static Object extra(JsonParser p, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> p.getText();
            default -> null;
        };
    }

    /** A whole number's text as the tree gives it ({@code -0} is {@code 0}). */
    private static String integerText(JsonParser p) throws IOException {
        return switch (p.getNumberType()) {
            case INT -> Integer.toString(p.getIntValue());
            case LONG -> Long.toString(p.getLongValue());
            default -> p.getBigIntegerValue().toString();
        };
    }
}
