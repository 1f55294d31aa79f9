package io.leadscore.featurestore;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.data.YamlParser;
import io.leadscore.events.Event;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@link FeatureDefinitions} from a {@code features.yaml}. Every mistake is a
 * {@link DataException} naming the file, the line and the reason. The format (documented in
 * {@code docs/features.md}):
 *
 * <pre>
 * name: lead-features
 * features:
 *   - name: pricing_views_7d
 *     kind: count
 *     event: page_view
 *     where: { page: pricing }
 *     window: 7d
 *     description: Pricing page views in the 7 days before scoring
 *     owner: growth-analytics
 * </pre>
 */
public final class FeatureDefinitionsParser extends YamlParser {
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "features");
    private static final Set<String> COMMON = Set.of("name", "kind", "description", "owner");
    private static final Map<FeatureKind, Set<String>> KEYS = Map.of(
            FeatureKind.COUNT, Set.of("event", "where", "window"),
            FeatureKind.EXISTS, Set.of("event", "where", "window"),
            FeatureKind.SUM, Set.of("event", "where", "window", "field"),
            FeatureKind.DISTINCT, Set.of("event", "where", "window", "field"),
            FeatureKind.RECENCY, Set.of("event", "where", "window", "default"),
            FeatureKind.RATIO, Set.of("numerator", "denominator", "default"),
            FeatureKind.ATTRIBUTE, Set.of("column", "type", "map", "default"),
            FeatureKind.AGE, Set.of("column", "default"));
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,99}");
    private static final Set<String> RESERVED = Set.of(FeatureDefinitions.ENTITY, FeatureDefinitions.SCORED_AT,
            "attributes", "events");

    private FeatureDefinitionsParser(String file) {
        super(file);
    }

    /** Reads and validates a definitions file. */
    public static FeatureDefinitions parse(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new DataException(file, "no such feature definitions file");
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(r, file);
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage());
        }
    }

    /** Reads and validates definitions from text; {@code file} names it in messages. */
    public static FeatureDefinitions parse(String text, String file) {
        return parse(new StringReader(text), file);
    }

    private static FeatureDefinitions parse(Reader r, String file) {
        return new FeatureDefinitionsParser(file).definitions(compose(r, file, "the feature definitions file is empty"));
    }

    private FeatureDefinitions definitions(Node root) {
        Map<String, NodeTuple> top = mapping(root, "the feature definitions file", TOP_KEYS);
        String name = top.containsKey("name") ? scalar(top.get("name").getValueNode(), "name") : Path.of(file).getFileName().toString();
        Node list = required(top, "features", root);
        if (!(list instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw fail(list, "'features' must be a non-empty list of feature definitions");
        }
        Map<String, FeatureDefinition> defined = new LinkedHashMap<>();
        for (Node n : seq.getValue()) {
            FeatureDefinition d = feature(n, defined);
            defined.put(d.name(), d);
        }
        return new FeatureDefinitions(name, file, new ArrayList<>(defined.values()));
    }

    private FeatureDefinition feature(Node node, Map<String, FeatureDefinition> earlier) {
        if (!(node instanceof MappingNode)) {
            throw fail(node, "a feature definition must be a mapping of keys to values");
        }
        Map<String, NodeTuple> raw = mapping(node, "a feature", null);
        Node nameNode = required(raw, "name", node);
        String name = scalar(nameNode, "name");
        if (!NAME.matcher(name).matches()) {
            throw fail(nameNode, "feature name '" + name + "' must be lower case letters, digits and _ (starting with a letter)");
        }
        if (RESERVED.contains(name)) {
            throw fail(nameNode, "'" + name + "' is reserved; choose another feature name");
        }
        if (earlier.containsKey(name)) {
            throw fail(nameNode, "feature '" + name + "' is defined twice (first at line " + earlier.get(name).line() + ")");
        }
        Node kindNode = required(raw, "kind", node);
        String kindText = scalar(kindNode, "kind");
        FeatureKind kind = Arrays.stream(FeatureKind.values()).filter(k -> k.yamlName().equals(kindText)).findFirst()
                .orElseThrow(() -> fail(kindNode, "unknown kind '" + kindText + "' of feature '" + name + "'; expected one of "
                        + String.join(", ", Arrays.stream(FeatureKind.values()).map(FeatureKind::yamlName).toList())));
        Set<String> allowed = new LinkedHashSet<>(COMMON);
        allowed.addAll(KEYS.get(kind));
        for (NodeTuple t : raw.values()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!allowed.contains(key)) {
                throw fail(t.getKeyNode(), "key '" + key + "' is not used by kind " + kind.yamlName() + " (feature '" + name
                        + "'); expected: " + String.join(", ", allowed));
            }
        }
        String description = scalar(required(raw, "description", node), "description");
        String owner = scalar(required(raw, "owner", node), "owner");
        if (description.isBlank() || owner.isBlank()) {
            throw fail(node, "feature '" + name + "' needs a non-empty description and owner");
        }
        int line = line(node);
        return switch (kind) {
            case COUNT, EXISTS, SUM, DISTINCT, RECENCY -> eventFeature(name, kind, description, owner, raw, node, line);
            case RATIO -> ratio(name, description, owner, raw, node, earlier, line);
            case ATTRIBUTE -> attribute(name, description, owner, raw, node, line);
            case AGE -> new FeatureDefinition(name, kind, description, owner, null, null, null, null, null,
                    scalar(required(raw, "column", node), "column"), ColumnType.NUMERIC, null,
                    optionalNumber(raw, "default"), line);
        };
    }

    private FeatureDefinition eventFeature(String name, FeatureKind kind, String description, String owner,
                                           Map<String, NodeTuple> raw, Node node, int line) {
        Set<String> types = new LinkedHashSet<>();
        if (raw.containsKey("event")) {
            Node ev = raw.get("event").getValueNode();
            types.addAll(scalarOrList(ev, "event"));
        }
        Map<String, Set<String>> where = new LinkedHashMap<>();
        if (raw.containsKey("where")) {
            Node w = raw.get("where").getValueNode();
            Map<String, NodeTuple> wm = mapping(w, "'where'", Set.copyOf(Event.PROPERTIES));
            for (Map.Entry<String, NodeTuple> e : wm.entrySet()) {
                where.put(e.getKey(), new LinkedHashSet<>(scalarOrList(e.getValue().getValueNode(), "where." + e.getKey())));
            }
        }
        Node windowNode = required(raw, "window", node);
        String windowText = scalar(windowNode, "window");
        Window window = Window.parse(windowText);
        if (window == null) {
            throw fail(windowNode, "window '" + windowText + "' of feature '" + name + "' must be like 7d, 30d, 90d, 12h, 45m or all");
        }
        String field = null;
        if (kind == FeatureKind.SUM) {
            Node f = raw.containsKey("field") ? raw.get("field").getValueNode() : null;
            field = f == null ? Event.VALUE : scalar(f, "field");
            if (!field.equals(Event.VALUE)) {
                throw fail(f, "a sum adds up the numeric 'value' of events; field '" + field + "' cannot be summed");
            }
        } else if (kind == FeatureKind.DISTINCT) {
            Node f = required(raw, "field", node);
            field = scalar(f, "field");
            if (!Event.PROPERTIES.contains(field)) {
                throw fail(f, "distinct counts one of " + String.join(", ", Event.PROPERTIES) + ", not '" + field + "'");
            }
        }
        Object def = kind == FeatureKind.RECENCY ? optionalNumber(raw, "default") : null;
        ColumnType type = kind == FeatureKind.EXISTS ? ColumnType.BOOLEAN : ColumnType.NUMERIC;
        return new FeatureDefinition(name, kind, description, owner, new EventFilter(types, where), window, field,
                null, null, null, type, null, def, line);
    }

    private FeatureDefinition ratio(String name, String description, String owner, Map<String, NodeTuple> raw, Node node,
                                    Map<String, FeatureDefinition> earlier, int line) {
        String[] parts = new String[2];
        String[] keys = {"numerator", "denominator"};
        for (int i = 0; i < 2; i++) {
            Node n = required(raw, keys[i], node);
            String ref = scalar(n, keys[i]);
            FeatureDefinition d = earlier.get(ref);
            if (d == null) {
                throw fail(n, keys[i] + " '" + ref + "' of ratio '" + name + "' is not a feature defined above it");
            }
            if (d.type() != ColumnType.NUMERIC) {
                throw fail(n, keys[i] + " '" + ref + "' of ratio '" + name + "' is not numeric");
            }
            parts[i] = ref;
        }
        return new FeatureDefinition(name, FeatureKind.RATIO, description, owner, null, null, null, parts[0], parts[1],
                null, ColumnType.NUMERIC, null, optionalNumber(raw, "default"), line);
    }

    private FeatureDefinition attribute(String name, String description, String owner, Map<String, NodeTuple> raw, Node node, int line) {
        String column = scalar(required(raw, "column", node), "column");
        if (column.equals(FeatureDefinitions.ENTITY)) {
            throw fail(raw.get("column").getValueNode(), "the lead id is an identifier, not a feature");
        }
        Map<String, Double> map = null;
        ColumnType type;
        if (raw.containsKey("map")) {
            if (raw.containsKey("type")) {
                throw fail(raw.get("type").getKeyNode(), "a mapped attribute is numeric; drop 'type' or 'map'");
            }
            Node m = raw.get("map").getValueNode();
            Map<String, NodeTuple> entries = mapping(m, "'map'", null);
            if (entries.isEmpty()) {
                throw fail(m, "'map' must map levels to numbers");
            }
            map = new LinkedHashMap<>();
            for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                map.put(e.getKey(), number(e.getValue().getValueNode(), "map." + e.getKey()));
            }
            type = ColumnType.NUMERIC;
        } else {
            Node t = raw.containsKey("type") ? raw.get("type").getValueNode() : null;
            String text = t == null ? "categorical" : scalar(t, "type");
            type = switch (text.toLowerCase(Locale.ROOT)) {
                case "categorical" -> ColumnType.CATEGORICAL;
                case "numeric" -> ColumnType.NUMERIC;
                case "boolean" -> ColumnType.BOOLEAN;
                default -> throw fail(t, "type '" + text + "' of attribute '" + name + "' must be categorical, numeric or boolean");
            };
        }
        Object def = null;
        if (raw.containsKey("default")) {
            Node d = raw.get("default").getValueNode();
            def = switch (type) {
                case NUMERIC -> number(d, "default");
                case BOOLEAN -> {
                    String s = scalar(d, "default");
                    if (!s.equals("true") && !s.equals("false")) {
                        throw fail(d, "default of boolean attribute '" + name + "' must be true or false");
                    }
                    yield Boolean.valueOf(s);
                }
                default -> scalar(d, "default");
            };
        }
        return new FeatureDefinition(name, FeatureKind.ATTRIBUTE, description, owner, null, null, null, null, null,
                column, type, map, def, line);
    }

    private List<String> scalarOrList(Node n, String what) {
        if (n instanceof SequenceNode seq) {
            if (seq.getValue().isEmpty()) {
                throw fail(n, "'" + what + "' must not be an empty list");
            }
            return seq.getValue().stream().map(v -> scalar(v, what)).toList();
        }
        return List.of(scalar(n, what));
    }

    private Double optionalNumber(Map<String, NodeTuple> raw, String key) {
        return raw.containsKey(key) ? number(raw.get(key).getValueNode(), key) : null;
    }






}
