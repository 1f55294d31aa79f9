package io.leadscore.featurestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeatureDefinitionsParserTest {
    static final Path DEFAULT = Path.of("..", "features", "features.yaml");

    @Test
    void theShippedDefinitionsUseEveryKindAndDescribeAndOwnEachFeature() {
        FeatureDefinitions defs = FeatureDefinitionsParser.parse(DEFAULT);
        Set<FeatureKind> kinds = EnumSet.noneOf(FeatureKind.class);
        for (FeatureDefinition d : defs.definitions()) {
            kinds.add(d.kind());
            assertTrue(!d.description().isBlank() && !d.owner().isBlank(), d.name());
        }
        assertEquals(EnumSet.allOf(FeatureKind.class), kinds);
        assertEquals(ColumnType.NUMERIC, defs.get("pricing_views_7d").orElseThrow().type());
        assertEquals(ColumnType.BOOLEAN, defs.get("demo_requested_90d").orElseThrow().type());
        assertEquals(ColumnType.CATEGORICAL, defs.get("job_level").orElseThrow().type());
        assertEquals(ColumnType.TIMESTAMP, defs.attributeColumns().get("created_at"));
        assertEquals(7 * 86_400_000L, defs.get("pricing_views_7d").orElseThrow().window().millis());
    }

    private static DataException fails(String features) {
        return assertThrows(DataException.class, () -> FeatureDefinitionsParser.parse("name: t\nfeatures:\n" + features, "f.yaml"));
    }

    private static void assertMessage(DataException e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("f.yaml, line "), e.getMessage());
    }

    private static final String OK = "    description: d\n    owner: o\n";

    @Test
    void invalidDefinitionsNameFileLineAndReason() {
        assertMessage(fails("  - name: a\n    kind: counting\n" + OK), "line 4", "unknown kind 'counting'");
        assertMessage(fails("  - name: a\n    kind: count\n    event: visit\n    window: 7 days\n" + OK), "line 6", "window '7 days'");
        assertMessage(fails("  - name: a\n    kind: count\n    event: visit\n" + OK), "line 3", "missing 'window'");
        assertMessage(fails("  - name: a\n    kind: count\n    event: visit\n    window: 7d\n    description: d\n"), "line 3", "missing 'owner'");
        assertMessage(fails("  - name: a\n    kind: count\n    event: visit\n    window: 7d\n    default: 3\n" + OK), "line 7",
                "'default' is not used by kind count");
        assertMessage(fails("  - name: a\n    kind: sum\n    event: visit\n    field: page\n    window: 7d\n" + OK), "line 6", "cannot be summed");
        assertMessage(fails("  - name: a\n    kind: distinct\n    event: visit\n    field: value\n    window: 7d\n" + OK), "line 6", "distinct counts");
        assertMessage(fails("  - name: a\n    kind: count\n    event: visit\n    where: { url: x }\n    window: 7d\n" + OK), "line 6", "unknown key 'url'");
        assertMessage(fails("  - name: r\n    kind: ratio\n    numerator: a\n    denominator: b\n" + OK), "line 5", "'a' of ratio 'r' is not a feature defined above");
        assertMessage(fails("  - name: a\n    kind: attribute\n    column: x\n" + OK + "  - name: a\n    kind: attribute\n    column: y\n" + OK),
                "line 8", "defined twice (first at line 3)");
        assertMessage(fails("  - name: Bad-Name\n    kind: attribute\n    column: x\n" + OK), "line 3", "lower case");
        assertMessage(fails("  - name: scored_at\n    kind: attribute\n    column: x\n" + OK), "line 3", "reserved");
        assertMessage(fails("  - name: a\n    kind: attribute\n    column: x\n    map: { vp: high }\n" + OK), "line 6", "must be a number");
        assertMessage(fails("  - name: a\n    kind: attribute\n    column: x\n    type: date\n" + OK), "line 6", "categorical, numeric or boolean");
        assertMessage(fails("  - name: a\n    kind: recency\n    event: visit\n    window: 7d\n    default: never\n" + OK), "line 7", "must be a number");
        assertMessage(fails("  - name: a\n    kind: count\n    event: [visit\n"), "malformed YAML");
    }
}
