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
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the common lead, a flat JSON object of the model's fields, straight from its bytes: no tree
 * is built. A lead written the common way (plain ASCII, short numbers: see {@link LeadBytes}) is
 * read in one pass over its bytes; any other with Jackson's streaming parser. Either way it gives
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
    /** The slot of {@code events} and {@code attributes}: a request with the lead's raw data, the tree's. */
    private static final Slot DECLINE = new Slot(null, false, false, -1, null);

    /**
     * Field names in the order of a lead, with their quoted bytes (null for a name that is not plain
     * ASCII) and their slots (null for a field no one reads).
     */
    private record Order(SerializedString[] names, byte[][] quoted, Slot[] slots) {
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
    private volatile Order order = new Order(new SerializedString[0], new byte[0][], new Slot[0]);

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
        Found fast = scan(bytes, offset, offset + length, whole);
        return fast != null ? fast : parse(bytes, offset, length, whole);
    }

    /**
     * A value being read, from Jackson's parser or straight from the bytes: what the fields' rules
     * ask of it. Its kind is one of {@link LeadBytes}'s.
     */
    interface Scalar {
        /** The number (of a WHOLE or DECIMAL value). */
        double number();

        /** A WHOLE number's text, as the tree writes it ({@code -0} is {@code 0}). */
        String integerText();

        /** The string (of a STRING value): a level of {@code levels} as the level's interned String. */
        String text(LevelIndex levels);
    }

    /**
     * The fast path alone (package-private for tests): the lead read by {@link LeadBytes} in one
     * pass, or null when it is not written the common way (or has a mistake), for {@link #parse} to
     * read.
     */
    Found scan(byte[] bytes, int offset, int end, boolean whole) {
        if (!usable) {
            return null;
        }
        LeadBytes in = new LeadBytes(bytes, offset, end);
        if (!in.take('{')) {
            return null;
        }
        Fields lead = new Fields();
        if (!in.take('}')) {
            do {
                Slot slot;
                byte[] next = lead.expectedName();
                if (next != null && in.name(next)) {
                    slot = lead.expected();
                } else {
                    String name = in.name();
                    if (name == null) {
                        return null;
                    }
                    slot = lead.named(name);
                }
                int kind = in.value();
                if (kind == LeadBytes.OTHER || !lead.put(slot, kind, in)) {
                    return null;
                }
            } while (in.take(','));
            if (!in.take('}')) {
                return null;
            }
        }
        LeadRequest read = lead.lead();
        if (read == null || whole && in.space()) {
            return null;
        }
        return new Found(read, whole ? end : in.at());
    }

    /** The lead read by Jackson's streaming parser, or null to leave it to the tree. */
    private Found parse(byte[] bytes, int offset, int length, boolean whole) {
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
        Fields lead = new Fields();
        Scalar value = new ParserScalar(p);
        JsonToken t;
        while (true) {
            // the name expected next is matched on its bytes, without hashing it
            SerializedString[] expected = lead.known.names();
            boolean matched = lead.fields < expected.length && p.nextFieldName(expected[lead.fields]);
            t = matched ? JsonToken.FIELD_NAME : lead.fields < expected.length ? p.currentToken() : p.nextToken();
            if (t != JsonToken.FIELD_NAME) {
                break;
            }
            Slot slot = matched ? lead.expected() : lead.named(p.currentName());
            JsonToken v = p.nextToken();
            if (v == null) {
                return null; // the input ended inside the object (Jackson throws first; kept for clarity)
            }
            if (slot == null && !v.isScalarValue()) {
                lead.fields++;
                p.skipChildren(); // a field no one reads, ignored as by the tree
                continue;
            }
            if (!lead.put(slot, kindOf(v), value)) {
                return null;
            }
        }
        return t == JsonToken.END_OBJECT ? lead.lead() : null;
    }

    /** A token's kind, as {@link LeadBytes} names kinds. */
    private static int kindOf(JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> LeadBytes.STRING;
            case VALUE_NUMBER_INT -> LeadBytes.WHOLE;
            case VALUE_NUMBER_FLOAT -> LeadBytes.DECIMAL;
            case VALUE_TRUE -> LeadBytes.TRUE;
            case VALUE_FALSE -> LeadBytes.FALSE;
            case VALUE_NULL -> LeadBytes.NULL;
            default -> LeadBytes.OTHER;
        };
    }

    /** The value at Jackson's parser; its read errors as {@link UncheckedIOException}s, which decline the lead. */
    private record ParserScalar(JsonParser p) implements Scalar {
        @Override
        public double number() {
            try {
                return p.getDoubleValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String integerText() {
            try {
                return switch (p.getNumberType()) {
                    case INT -> Integer.toString(p.getIntValue());
                    case LONG -> Long.toString(p.getLongValue());
                    default -> p.getBigIntegerValue().toString();
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String text(LevelIndex levels) {
            try {
                // a level the model knows is read as the level's interned String: no allocation, found by reference later
                String level = levels == null ? null : levels.find(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                return level != null ? level : p.getText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The fields of one lead as they are read, whichever way: the values by position, the lead id,
     * and the names in the order they came, to learn a new order.
     */
    private final class Fields {
        final Object[] values = new Object[layout.size()];
        /** The order the names are expected in. */
        final Order known = order;
        String id;
        boolean idSeen;
        int fields;
        /** The names read, once they stray from the expected order. */
        List<String> names;

        /** The quoted bytes of the name expected next; null when none is, or it is not plain ASCII. */
        byte[] expectedName() {
            return fields < known.quoted().length ? known.quoted()[fields] : null;
        }

        /** The slot of the field that came in the expected place. */
        Slot expected() {
            if (names != null) {
                names.add(known.names()[fields].getValue());
            }
            return known.slots()[fields];
        }

        /** The slot of a field named otherwise than expected (null for a field no one reads). */
        Slot named(String name) {
            if (names == null) {
                names = new ArrayList<>();
                for (int k = 0; k < fields; k++) {
                    names.add(known.names()[k].getValue());
                }
            }
            names.add(name);
            return slotOf(name);
        }

        /** Takes the field's value (of a kind as {@link LeadBytes} names them); false to decline the lead. */
        boolean put(Slot slot, int kind, Scalar value) {
            fields++;
            if (slot == DECLINE || kind == LeadBytes.OTHER) {
                return false; // a request with the lead's raw data; a value no field takes
            }
            if (slot == ID) {
                idSeen = true;
                switch (kind) {
                    case LeadBytes.NULL -> id = null;
                    case LeadBytes.STRING -> id = value.text(null);
                    case LeadBytes.WHOLE -> id = value.integerText();
                    default -> {
                        return false;
                    }
                }
                return true;
            }
            if (slot == null) {
                return true; // a field no one reads, ignored as by the tree
            }
            if (kind == LeadBytes.NULL) {
                values[slot.position()] = null; // null is missing (the last of repeated fields counts, as in the tree)
                return true;
            }
            Object v = slot.extra() ? extra(kind, value) : input(kind, value, slot);
            values[slot.position()] = v;
            return v != null;
        }

        /** The lead, or null to decline it; learns the order of its names when it is new. */
        LeadRequest lead() {
            if (names != null || fields != known.names().length) {
                List<String> now = names != null ? names : Arrays.stream(known.names(), 0, fields).map(SerializedString::getValue).toList();
                order = new Order(now.stream().map(SerializedString::new).toArray(SerializedString[]::new),
                        now.stream().map(LeadBytes::quoted).toArray(byte[][]::new),
                        now.stream().map(PlainLeadReader.this::slotOf).toArray(Slot[]::new));
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
    }

    /**
     * What a field is to this reader: the lead id, a field read, {@link #DECLINE} for the lead's raw
     * data, or null for one no one reads.
     */
    private Slot slotOf(String name) {
        if (name.equals(LeadRequest.ID_FIELD)) {
            return ID;
        }
        Slot slot = slots.get(name);
        return slot == null && (name.equals(EventsRequest.EVENTS) || name.equals(EventsRequest.ATTRIBUTES)) ? DECLINE : slot;
    }

    /** An input's value by its type, as {@link LeadRequest#from} reads it; null for a mistake. */
    private static Object input(int kind, Scalar v, Slot slot) {
        boolean number = kind == LeadBytes.WHOLE || kind == LeadBytes.DECIMAL;
        switch (slot.type()) {
            case NUMERIC -> {
                if (number) {
                    double d = v.number();
                    return Double.isFinite(d) ? d : null;
                }
                return null;
            }
            case BOOLEAN -> {
                if (kind == LeadBytes.TRUE || kind == LeadBytes.FALSE) {
                    return kind == LeadBytes.TRUE;
                }
                if (number) {
                    double d = v.number();
                    return d == 0.0 || d == 1.0 ? d == 1.0 : null;
                }
                return null;
            }
            case CATEGORICAL -> {
                if (kind == LeadBytes.STRING) {
                    return v.text(slot.levels());
                }
                return kind == LeadBytes.WHOLE ? v.integerText() : null;
            }
            case TIMESTAMP -> {
                return kind == LeadBytes.STRING ? v.text(null) : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** A field read for the rules: any scalar, as {@link LeadRequest#from} reads it; null for a mistake. */
    private static Object extra(int kind, Scalar v) {
        return switch (kind) {
            case LeadBytes.WHOLE, LeadBytes.DECIMAL -> v.number();
            case LeadBytes.TRUE -> Boolean.TRUE;
            case LeadBytes.FALSE -> Boolean.FALSE;
            case LeadBytes.STRING -> v.text(null);
            default -> null;
        };
    }
}
