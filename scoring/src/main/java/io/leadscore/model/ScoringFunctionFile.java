package io.leadscore.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadscore.data.DataException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The file format of an exported model, {@code scoring-function.json}: a pure-Java
 * {@link ScoringFunction} in double precision, over the card's encoded features. Two kinds:
 * <ul>
 *   <li>{@code {"kind": "linear", "intercept": b, "weights": [w…]}} — log-odds {@code b + w·x}
 *       ({@link LinearFunction}; the reasons' reference lead is the card's feature means);</li>
 *   <li>{@code {"kind": "tree_ensemble", "log_odds_per_margin": 2.0, "trees": [...]}} —
 *       a {@link TreeEnsemble}, each tree as node arrays ({@code weight, feature, threshold,
 *       left_categories, left, right, value, cover}).</li>
 * </ul>
 */
final class ScoringFunctionFile {
    static final String LINEAR = "linear";
    static final String TREE_ENSEMBLE = "tree_ensemble";

    private ScoringFunctionFile() {
    }

    static void write(Path file, ScoringFunction function, ObjectMapper json) throws IOException {
        ObjectNode root = json.createObjectNode();
        if (function instanceof LinearFunction lin) {
            root.put("kind", LINEAR);
            root.put("intercept", lin.intercept());
            root.set("weights", json.valueToTree(lin.weights()));
        } else if (function instanceof TreeEnsemble trees) {
            root.put("kind", TREE_ENSEMBLE);
            root.put("log_odds_per_margin", trees.logOddsPerMargin());
            root.set("trees", json.valueToTree(trees.trees()));
        } else {
            throw new IllegalArgumentException("cannot save a " + function.getClass().getSimpleName());
        }
        json.writeValue(file.toFile(), root);
    }

    static ScoringFunction read(Path file, ModelCard card, ObjectMapper json) {
        try {
            JsonNode root = json.readTree(file.toFile());
            String kind = root.path("kind").asText();
            int width = card.features().featureCount();
            ScoringFunction f = switch (kind) {
                case LINEAR -> {
                    double[] w = json.treeToValue(root.get("weights"), double[].class);
                    if (w == null || w.length != width) {
                        throw new DataException(file.toString(), "expected " + width + " weights (the card's encoded features)");
                    }
                    yield new LinearFunction(root.get("intercept").asDouble(), w, ConversionModel.featureMeans(card));
                }
                case TREE_ENSEMBLE -> {
                    TreeEnsemble.Tree[] trees = json.treeToValue(root.get("trees"), TreeEnsemble.Tree[].class);
                    for (TreeEnsemble.Tree t : trees) {
                        for (int feature : t.feature()) {
                            if (feature >= width) {
                                throw new DataException(file.toString(), "a tree splits on feature " + feature + "; the card has " + width);
                            }
                        }
                    }
                    yield new TreeEnsemble(root.get("log_odds_per_margin").asDouble(), java.util.List.of(trees));
                }
                default -> throw new DataException(file.toString(), "unknown scoring function kind '" + kind + "'");
            };
            return f;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) {
                throw de;
            }
            throw new DataException(file.toString(), "unreadable scoring function: " + e.getMessage());
        }
    }
}
