package io.leadscore.data;

import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The shared base of leadscore's YAML readers (rules files, feature definitions): they walk
 * SnakeYAML's node tree, which keeps line numbers, so that every mistake becomes a
 * {@link DataException} naming the file, the line and the reason.
 */
public abstract class YamlParser {
    /** The file being read, for error messages. */
    protected final String file;

    protected YamlParser(String file) {
        this.file = file;
    }

    /**
     * The node tree of a YAML document.
     *
     * @param empty what to say when the document is empty
     */
    protected static Node compose(Reader r, String file, String empty) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(r);
        } catch (MarkedYAMLException e) {
            long line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw DataException.atLine(file, line, null, "malformed YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new DataException(file, "malformed YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new DataException(file, empty);
        }
        return root;
    }

    /** A mapping's entries by key; unknown (when {@code allowed} is given) or repeated keys fail. */
    protected Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mn)) {
            throw fail(node, what + " must be a mapping of keys to values");
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            String key = scalar(t.getKeyNode(), "key");
            if (allowed != null && !allowed.contains(key)) {
                throw fail(t.getKeyNode(), "unknown key '" + key + "' in " + what + "; expected one of " + String.join(", ", allowed));
            }
            if (out.put(key, t) != null) {
                throw fail(t.getKeyNode(), "key '" + key + "' appears twice");
            }
        }
        return out;
    }

    protected Node required(Map<String, NodeTuple> m, String key, Node owner) {
        NodeTuple t = m.get(key);
        if (t == null) {
            throw fail(owner, "missing '" + key + "'");
        }
        return t.getValueNode();
    }

    protected String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            throw fail(node, "'" + what + "' must be a single value");
        }
        return s.getValue();
    }

    protected int integer(Node node, String what) {
        String s = scalar(node, what);
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw fail(node, "'" + what + "' must be a whole number, got '" + s + "'");
        }
    }

    protected double number(Node node, String what) {
        String s = scalar(node, what);
        try {
            double d = Double.parseDouble(s.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw fail(node, "'" + what + "' must be a number, got '" + s + "'");
        }
    }

    /** The 1-based line a node starts on (0 when unknown). */
    protected static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    protected DataException fail(Node node, String reason) {
        return DataException.atLine(file, line(node), null, reason);
    }
}
