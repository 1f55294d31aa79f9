package io.leadscore.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.ColumnType;
import io.leadscore.data.DataException;
import io.leadscore.schema.LeadField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetParserTest {
    @TempDir
    Path dir;

    static final Path DEFAULT_RULES = Path.of("..", "rules", "default-rules.yaml");

    private static Map<String, ColumnType> canonical() {
        Map<String, ColumnType> m = new LinkedHashMap<>();
        for (LeadField f : LeadField.values()) {
            m.put(f.column(), f.type());
        }
        return m;
    }

    private Path yaml(String text) throws IOException {
        Path p = dir.resolve("r.yaml");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void defaultRulesEncodeThePointTable() {
        RuleSet r = RuleSetParser.parse(DEFAULT_RULES);
        r.validate(canonical());
        Map<String, Object> lead = Map.of("job_level", "c_level", "stated_need", "high", "budget_band", "over_250k",
                "website_visits", 12.0, "purchase_timeline", "now", "pricing_page_views", 1.0, "emails_opened", 0.0,
                "demo_requested", true, "bookings_abandoned", 0.0, "days_since_last_activity", 45.0);
        RuleScore s = r.score(lead::get);
        assertEquals(30 + 25 + 20 + 15 + 10 + 10 + 0 + 15 + 0 - 10, s.points());
        assertEquals(Tier.HOT, s.tier());
        assertEquals(30, s.byCriterion().get("Decision authority"));
        RuleScore cold = r.score(Map.<String, Object>of("job_level", "student", "purchase_timeline", "none")::get);
        assertEquals(-10, cold.points());
        assertEquals(Tier.COLD, cold.tier());
    }

    @Test
    void theDefaultRulesImplyTheCanonicalTypesOfTheirColumns() {
        RuleSet r = RuleSetParser.parse(DEFAULT_RULES);
        Map<String, ColumnType> implied = r.impliedTypes();
        assertEquals(r.columns(), implied.keySet());
        Map<String, ColumnType> canonical = canonical();
        implied.forEach((column, type) -> assertEquals(canonical.get(column), type, column));
    }

    @Test
    void impliedTypesLeaveOutAColumnWhoseCriteriaDisagree() throws IOException {
        RuleSet r = RuleSetParser.parse(yaml("criteria:\n"
                + "  - { name: a, column: size, points: [{ in: [1, 2.5], points: 1 }] }\n"
                + "  - { name: b, column: flag, points: [{ in: [true, false], points: 1 }] }\n"
                + "  - { name: c, column: mixed, points: [{ at_least: 3, points: 1 }, { is: many, points: 2 }] }\n"
                + "  - { name: d, column: level, points: [{ is: vp, points: 1 }] }\n"
                + "  - { name: e, column: level, points: [{ is: '10', points: 1 }] }\n"
                + "tiers: { warm: 1, hot: 2 }\n"));
        assertEquals(Map.of("size", ColumnType.NUMERIC, "flag", ColumnType.BOOLEAN), r.impliedTypes());
    }

    @Test
    void malformedYamlNamesTheLine() throws IOException {
        Path p = yaml("name: x\ncriteria:\n  - name: a\n    column: [unclosed\ntiers: {warm: 1, hot: 2}\n");
        DataException e = assertThrows(DataException.class, () -> RuleSetParser.parse(p));
        assertTrue(e.getMessage().startsWith(p + ", line 5: malformed YAML"), e.getMessage());
    }

    @Test
    void unknownColumnNamesFileLineAndColumn() throws IOException {
        Path p = yaml("criteria:\n  - name: Budget\n    column: budgett\n    points:\n      - { is: big, points: 5 }\ntiers: { warm: 1, hot: 2 }\n");
        RuleSet r = RuleSetParser.parse(p);
        DataException e = assertThrows(DataException.class, () -> r.validate(canonical()));
        assertTrue(e.getMessage().startsWith(p + ", line 3, column 'budgett': criterion 'Budget' refers to an unknown column"), e.getMessage());
    }

    @Test
    void structuralMistakesNameTheLine() throws IOException {
        Path p = yaml("criteria:\n  - name: A\n    column: x\n    points:\n      - { is: y, pionts: 5 }\ntiers: { warm: 1, hot: 2 }\n");
        DataException e = assertThrows(DataException.class, () -> RuleSetParser.parse(p));
        assertTrue(e.getMessage().startsWith(p + ", line 5: unknown key 'pionts'"), e.getMessage());
        Path q = yaml("criteria:\n  - name: A\n    column: x\n    points:\n      - { at_least: 1, points: five }\ntiers: { warm: 1, hot: 2 }\n");
        DataException f = assertThrows(DataException.class, () -> RuleSetParser.parse(q));
        assertTrue(f.getMessage().startsWith(q + ", line 5: 'points' must be a whole number, got 'five'"), f.getMessage());
    }

    @Test
    void rangeOnACategoricalColumnIsRefused() throws IOException {
        Path p = yaml("criteria:\n  - name: A\n    column: source\n    points:\n      - { at_least: 1, points: 5 }\ntiers: { warm: 1, hot: 2 }\n");
        DataException e = assertThrows(DataException.class, () -> RuleSetParser.parse(p).validate(canonical()));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("categorical"), e.getMessage());
    }
}
