package io.leadscore.rules;

import io.leadscore.data.DataException;
import io.leadscore.data.YamlParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a {@link RuleSet} from YAML. Every mistake is a {@link DataException} with the file, the
 * line and the reason. The format:
 *
 * <pre>
 * name: default-rules
 * criteria:
 *   - name: Decision authority
 *     column: job_level
 *     points:
 *       - { is: c_level, points: 30 }
 *       - { in: [vp, director], points: 20 }
 *   - name: Pricing page visited
 *     column: pricing_page_views
 *     points:
 *       - { at_least: 1, points: 10 }
 * tiers: { warm: 50, hot: 80 }
 * </pre>
 */
public final class RuleSetParser extends YamlParser {
    private static final Set<String> TOP_KEYS = Set.of("name", "description", "criteria", "tiers");
    private static final Set<String> CRITERION_KEYS = Set.of("name", "column", "points", "description");
    private static final Set<String> BUCKET_KEYS = Set.of("is", "in", "at_least", "below", "points");

    private RuleSetParser(String file) {
        super(file);
    }

    public static RuleSet parse(Path path) {
        String file = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new DataException(file, "no such rules file");
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return new RuleSetParser(file).ruleSet(compose(r, file, "the rules file is empty"));
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage());
        }
    }

    private RuleSet ruleSet(Node root) {
        Map<String, NodeTuple> top = mapping(root, "the rules file", TOP_KEYS);
        String name = top.containsKey("name") ? scalar(top.get("name").getValueNode(), "name") : Path.of(file).getFileName().toString();
        Node crit = required(top, "criteria", root);
        if (!(crit instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw fail(crit, "'criteria' must be a non-empty list");
        }
        List<Criterion> criteria = new ArrayList<>();
        for (Node n : seq.getValue()) {
            criteria.add(criterion(n));
        }
        Node tiersNode = required(top, "tiers", root);
        Map<String, NodeTuple> tiers = mapping(tiersNode, "'tiers'", Set.of("warm", "hot"));
        int warm = integer(required(tiers, "warm", tiersNode), "tiers.warm");
        int hot = integer(required(tiers, "hot", tiersNode), "tiers.hot");
        if (hot < warm) {
            throw fail(tiersNode, "tiers.hot (" + hot + ") must not be below tiers.warm (" + warm + ")");
        }
        return new RuleSet(name, file, List.copyOf(criteria), warm, hot);
    }

    private Criterion criterion(Node node) {
        Map<String, NodeTuple> m = mapping(node, "a criterion", CRITERION_KEYS);
        String name = scalar(required(m, "name", node), "name");
        Node columnNode = required(m, "column", node);
        String column = scalar(columnNode, "column");
        Node pointsNode = required(m, "points", node);
        List<Bucket> buckets = new ArrayList<>();
        if (pointsNode instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
            for (Node b : seq.getValue()) {
                buckets.add(bucket(b));
            }
        } else {
            throw fail(pointsNode, "'points' of criterion '" + name + "' must be a non-empty list of {is|in|at_least|below, points}");
        }
        return new Criterion(name, column, List.copyOf(buckets), line(columnNode));
    }

    private Bucket bucket(Node node) {
        Map<String, NodeTuple> m = mapping(node, "a point line", BUCKET_KEYS);
        int points = integer(required(m, "points", node), "points");
        List<String> in = null;
        if (m.containsKey("is")) {
            in = List.of(scalar(m.get("is").getValueNode(), "is"));
        }
        if (m.containsKey("in")) {
            if (in != null) {
                throw fail(node, "use either 'is' or 'in', not both");
            }
            Node list = m.get("in").getValueNode();
            if (!(list instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                throw fail(list, "'in' must be a non-empty list of values");
            }
            in = seq.getValue().stream().map(v -> scalar(v, "in")).toList();
        }
        Double atLeast = m.containsKey("at_least") ? number(m.get("at_least").getValueNode(), "at_least") : null;
        Double below = m.containsKey("below") ? number(m.get("below").getValueNode(), "below") : null;
        if (in != null && (atLeast != null || below != null)) {
            throw fail(node, "a point line is either a value match (is/in) or a range (at_least/below), not both");
        }
        if (in == null && atLeast == null && below == null) {
            throw fail(node, "a point line needs a condition: is, in, at_least or below");
        }
        if (atLeast != null && below != null && below <= atLeast) {
            throw fail(node, "empty range: below (" + below + ") must be greater than at_least (" + atLeast + ")");
        }
        return new Bucket(in, atLeast, below, points);
    }







}
