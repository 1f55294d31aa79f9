package io.leadscore.serving.predict;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.data.ColumnType;
import io.leadscore.features.InputFeature;
import io.leadscore.features.LevelIndex;
import io.leadscore.predict.InputValues;
import io.leadscore.predict.LeadCheck;
import io.leadscore.serving.http.FieldError;
import io.leadscore.serving.http.HttpJson;
import io.leadscore.serving.http.InvalidRequestException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.Map;

/**
 * Reads the leads of predict requests — the body of {@code POST /v1/predict}, or each element of
 * {@code "leads"} in {@code POST /v1/predict/batch} — in one pass of Jackson's streaming parser.
 * A lead is a JSON object of the model's input fields and the fields the rules read (others are
 * ignored; of a repeated field the last counts; a number or boolean may come as text, read as training
 * reads a CSV cell, with a warning). Every lead comes back as a {@link Lead}: its
 * fields read and checked, each problem named by its JSON path (e.g. {@code $.leads[3].company_size}),
 * and, for the other request forms, its raw data ({@code attributes}, {@code events}) or the lone
 * {@code lead_id} to look up, which {@link FeatureResolver} turns into features. Malformed JSON is
 * a 400 naming line and column. One reader serves one model's inputs and one rule set; thread-safe.
 */
public final class LeadReader {
    /** Field that identifies the lead in logs and answers (optional). */
    public static final String ID_FIELD = "lead_id";
    /** The field of a batch holding its leads. */
    static final String LEADS = "leads";
    private static final String SCORED_AT = "scored_at";
    private static final FieldError SHAPE = new FieldError("$." + LEADS, "expected {\"leads\": [ ...one object per lead... ]}");

    /** A field this reader keeps: its slot among a lead's values, and the known levels of a categorical input. */
    private record Field(int slot, LevelIndex levels) {
    }

    private final List<InputFeature> inputs;
    private final Collection<String> extraFields;
    /** The check of a lead's values (the scoring core's, shared with the batch command's reader). */
    private final LeadCheck check;
    /** The fields kept, by name: the check's layout, then the lead id and {@code scored_at} when not among them. */
    private final Map<String, Field> fields = new HashMap<>();
    private final int idSlot;
    private final int scoredAtSlot;

    /**
     * @param inputs the model's input fields
     * @param extraFields other fields to keep (the rules'): any JSON scalar is accepted
     */
    public LeadReader(List<InputFeature> inputs, Collection<String> extraFields) {
        this.inputs = inputs;
        this.extraFields = extraFields;
        this.check = new LeadCheck(inputs, extraFields);
        Map<String, LevelIndex> levels = new HashMap<>();
        for (InputFeature in : inputs) {
            if (in.type() == ColumnType.CATEGORICAL && (in.levels() != null || in.targetEncoding() != null)) {
                levels.putIfAbsent(in.name(), new LevelIndex(in.knownLevels()));
            }
        }
        for (String name : check.layout().names()) {
            fields.put(name, new Field(fields.size(), levels.get(name)));
        }
        fields.putIfAbsent(ID_FIELD, new Field(fields.size(), null));
        fields.putIfAbsent(SCORED_AT, new Field(fields.size(), null));
        this.idSlot = fields.get(ID_FIELD).slot();
        this.scoredAtSlot = fields.get(SCORED_AT).slot();
    }

    /** Whether this reader was made for exactly these inputs and fields. */
    boolean isFor(List<InputFeature> inputs, Collection<String> extraFields) {
        return this.inputs == inputs && this.extraFields == extraFields;
    }

    /**
     * One lead as read: its JSON path, and either its fields ({@code features}, null when {@code
     * errors} names its mistakes), or its raw data ({@code rawData}: {@code attributes} and/or
     * {@code events} with the lead id and {@code scored_at}), or, for a lone lead id, {@code lookupId}
     * (then {@code features}/{@code errors} say what the lead is as fields, for a server without an
     * online store).
     */
    public record Lead(String path, LeadRequest features, List<FieldError> errors, ObjectNode rawData, String lookupId) {
        /** A lead that is not an object. */
        static Lead notAnObject(String path) {
            return new Lead(path, null, List.of(new FieldError(path, "expected a JSON object describing one lead")), null, null);
        }
    }

    /** The lead of a {@code /v1/predict} body; malformed JSON is an {@link InvalidRequestException}. */
    public Lead readOne(byte[] body) {
        try (JsonParser p = HttpJson.JSON.createParser(body)) {
            // only the first value is read, as before: what follows it is not looked at
            return p.nextToken() == null ? Lead.notAnObject("$") : read(p, "$");
        } catch (JsonProcessingException e) {
            throw HttpJson.malformed(e);
        } catch (IOException e) {
            throw HttpJson.unreadable();
        }
    }

    /**
     * The leads of a {@code /v1/predict/batch} body, {@code {"leads": [...]}} (other fields are
     * ignored; of a repeated {@code leads} the last counts), in order. Malformed JSON or another shape
     * is a 400; more than {@code maxLeads} leads a 413.
     */
    public List<Lead> readBatch(byte[] body, int maxLeads) {
        return readBatch(body, maxLeads, 0, null);
    }

    /**
     * As {@link #readBatch(byte[], int)}, handing each run of {@code runSize} leads to {@code runs}
     * (its first lead's position and the run) as soon as it is read, so that scoring need not wait
     * for the whole body; the list returned is still what counts.
     */
    public List<Lead> readBatch(byte[] body, int maxLeads, int runSize, BiConsumer<Integer, List<Lead>> runs) {
        List<Lead> leads = null;
        int count = 0;
        try (JsonParser p = HttpJson.JSON.createParser(body)) {
            JsonToken root = p.nextToken();
            if (root != JsonToken.START_OBJECT) {
                if (root != null) {
                    p.skipChildren(); // a malformed body gets its own message; a well-formed one the shape's
                }
                throw new InvalidRequestException(List.of(SHAPE));
            }
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken value = p.nextToken();
                if (name.equals(LEADS) && value == JsonToken.START_ARRAY) {
                    leads = new ArrayList<>();
                    count = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (count < maxLeads) {
                            leads.add(read(p, "$." + LEADS + "[" + count + "]"));
                            if (runs != null && leads.size() % runSize == 0) {
                                runs.accept(leads.size() - runSize, List.copyOf(leads.subList(leads.size() - runSize, leads.size())));
                            }
                        } else {
                            p.skipChildren(); // only counted, for the 413
                        }
                        count++;
                    }
                } else {
                    leads = name.equals(LEADS) ? null : leads;
                    p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw HttpJson.malformed(e);
        } catch (IOException e) {
            throw HttpJson.unreadable();
        }
        if (leads == null) {
            throw new InvalidRequestException(List.of(SHAPE));
        }
        if (count > maxLeads) {
            throw new InvalidRequestException(413, "batch too large: " + count + " leads, at most " + maxLeads + " per request",
                    List.of(new FieldError("$." + LEADS, "at most " + maxLeads + " leads")));
        }
        return leads;
    }

    /** The lead whose first token is the parser's current one, read through its end. */
    private Lead read(JsonParser p, String path) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Lead.notAnObject(path);
        }
        Object[] values = new Object[fields.size()];
        ObjectNode raw = null;
        boolean onlyId = true;
        int count = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            count++;
            onlyId &= name.equals(ID_FIELD);
            if (name.equals(EventsRequest.EVENTS) || name.equals(EventsRequest.ATTRIBUTES)) {
                raw = raw == null ? JsonNodeFactory.instance.objectNode() : raw;
                JsonNode tree = p.readValueAsTree();
                raw.set(name, tree == null ? JsonNodeFactory.instance.nullNode() : tree);
                continue;
            }
            Field f = fields.get(name);
            if (f == null) {
                p.skipChildren(); // a field no one reads
            } else {
                values[f.slot()] = value(p, t, f.levels());
            }
        }
        if (raw != null) {
            raw.set(ID_FIELD, JsonValues.node(values[idSlot]));
            raw.set(SCORED_AT, JsonValues.node(values[scoredAtSlot]));
            return new Lead(path, null, List.of(), raw, null);
        }
        Object id = values[idSlot];
        String lookup = count > 0 && onlyId && (id instanceof String || InputValues.integral(id)) ? id.toString() : null;
        List<FieldError> errors = new ArrayList<>(0);
        LeadRequest lead = check(values, path, errors);
        return new Lead(path, errors.isEmpty() ? lead : null, errors.isEmpty() ? List.of() : errors, null, lookup);
    }

    /**
     * The current scalar as read: a String, an Integer, Long or BigInteger, a Double, a Boolean, or
     * null; a nested value is skipped and read as its {@link InputValues.Nested} kind. A categorical input's
     * known level comes back as the level's own String, so the encoder finds it by reference.
     */
    private static Object value(JsonParser p, JsonToken t, LevelIndex levels) throws IOException {
        return switch (t) {
            case VALUE_STRING -> {
                String level = levels == null ? null : levels.find(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                yield level != null ? level : p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_ARRAY -> {
                p.skipChildren();
                yield InputValues.Nested.ARRAY;
            }
            case START_OBJECT -> {
                p.skipChildren();
                yield InputValues.Nested.OBJECT;
            }
            default -> null;
        };
    }

    /** The lead's fields checked against the inputs and rule fields, its mistakes added to {@code errors}. */
    private LeadRequest check(Object[] values, String path, List<FieldError> errors) {
        List<String> conversions = new ArrayList<>(0);
        Object[] row = check.check(values, (field, message) -> errors.add(new FieldError(path + "." + field, message)),
                (field, warning) -> conversions.add(warning));
        Object id = values[idSlot];
        String idProblem = InputValues.idProblem(id);
        if (idProblem != null) {
            errors.add(new FieldError(path + "." + ID_FIELD, idProblem));
        }
        return errors.isEmpty() ? LeadRequest.of(check.layout(), row, InputValues.id(id), conversions) : null;
    }
}
