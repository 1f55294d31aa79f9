package io.leadscore.featurestore;

import io.leadscore.data.ColumnType;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated set of feature definitions read from one {@code features.yaml}, in file order (a
 * ratio only refers to features defined before it).
 */
public final class FeatureDefinitions {
    /** The entity key column of leads, events and feature rows. */
    public static final String ENTITY = "lead_id";
    /** The scoring-instant column of lead snapshots and feature rows. */
    public static final String SCORED_AT = "scored_at";

    private final String name;
    private final String source;
    private final List<FeatureDefinition> definitions;
    private final Map<String, FeatureDefinition> byName;

    /**
     * @param name the name of the set (its {@code name:}, else the file name)
     * @param source the file it was read from
     * @param definitions the definitions, in file order
     */
    public FeatureDefinitions(String name, String source, List<FeatureDefinition> definitions) {
        this.name = name;
        this.source = source;
        this.definitions = List.copyOf(definitions);
        Map<String, FeatureDefinition> m = new LinkedHashMap<>();
        for (FeatureDefinition d : definitions) {
            m.put(d.name(), d);
        }
        this.byName = m;
    }

    public String name() {
        return name;
    }

    public String source() {
        return source;
    }

    public List<FeatureDefinition> definitions() {
        return definitions;
    }

    public Optional<FeatureDefinition> get(String feature) {
        return Optional.ofNullable(byName.get(feature));
    }

    /** The feature names, in file order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The type of each feature, in file order. */
    public Map<String, ColumnType> types() {
        Map<String, ColumnType> m = new LinkedHashMap<>();
        definitions.forEach(d -> m.put(d.name(), d.type()));
        return m;
    }

    /**
     * The lead attributes the definitions read, with the type each must have: the declared type
     * for a pass-through, categorical for a mapped one, timestamp for an age.
     */
    public Map<String, ColumnType> attributeColumns() {
        Map<String, ColumnType> m = new LinkedHashMap<>();
        for (FeatureDefinition d : definitions) {
            if (d.kind() == FeatureKind.ATTRIBUTE) {
                m.put(d.column(), d.levelMap() != null ? ColumnType.CATEGORICAL : d.type());
            } else if (d.kind() == FeatureKind.AGE) {
                m.put(d.column(), ColumnType.TIMESTAMP);
            }
        }
        return m;
    }

    /**
     * For each lead attribute the definitions read, which definition reads it first, for messages:
     * {@code features.yaml line 12, feature 'budget'}.
     */
    public Map<String, String> attributeReaders() {
        Map<String, String> readBy = new LinkedHashMap<>();
        for (FeatureDefinition d : definitions) {
            if (d.column() != null) {
                readBy.putIfAbsent(d.column(), source + " line " + d.line() + ", feature '" + d.name() + "'");
            }
        }
        return readBy;
    }

    /**
     * The column types a data file may store an attribute in, given the type the definitions need
     * ({@link #attributeColumns()}): text from text, numbers or booleans; numbers and booleans from
     * either; timestamps from timestamps.
     */
    public static Set<ColumnType> acceptedSourceTypes(ColumnType needed) {
        return switch (needed) {
            case CATEGORICAL -> Set.of(ColumnType.CATEGORICAL, ColumnType.NUMERIC, ColumnType.BOOLEAN);
            case NUMERIC, BOOLEAN -> Set.of(ColumnType.NUMERIC, ColumnType.BOOLEAN);
            case TIMESTAMP -> Set.of(ColumnType.TIMESTAMP);
        };
    }

    /** The event types some definition looks at (empty when one looks at every type). */
    public Set<String> eventTypes() {
        Set<String> s = new LinkedHashSet<>();
        for (FeatureDefinition d : definitions) {
            if (d.kind().fromEvents()) {
                if (d.filter().types().isEmpty()) {
                    return Set.of();
                }
                s.addAll(d.filter().types());
            }
        }
        return s;
    }
}
