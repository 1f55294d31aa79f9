package io.leadscore.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.Column;
import io.leadscore.data.ColumnType;
import io.leadscore.data.Table;
import io.leadscore.data.TableReader;
import io.leadscore.schema.LeadField;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeadGeneratorTest {
    @TempDir
    Path dir;

    private Table generate(long seed, String name) {
        Path p = dir.resolve(name);
        new LeadGenerator(seed).write(2000, p);
        return TableReader.read(p);
    }

    @Test
    void writesTheCanonicalSchema() {
        Table t = generate(1, "a.parquet");
        assertEquals(Arrays.stream(LeadField.values()).map(LeadField::column).toList(), t.columnNames());
        for (LeadField f : LeadField.values()) {
            assertEquals(f.type(), t.require(f.column(), "x").type(), f.column());
            Column c = t.require(f.column(), "x");
            if (f.type() == ColumnType.CATEGORICAL && !f.levels().isEmpty()) {
                for (int r = 0; r < t.rowCount(); r++) {
                    assertTrue(f.levels().contains(c.string(r)), f.column() + " = " + c.string(r));
                }
            }
            if (f.type() == ColumnType.NUMERIC) {
                for (int r = 0; r < t.rowCount(); r++) {
                    assertTrue(c.number(r) >= 0, f.column() + " counts are non-negative");
                }
            }
        }
    }

    @Test
    void outcomesComeAfterScoringAndScoringAfterCreation() {
        Table t = generate(2, "b.parquet");
        Column created = t.require("created_at", "x");
        Column scored = t.require("scored_at", "x");
        Column converted = t.require("converted", "x");
        Column at = t.require("converted_at", "x");
        long positives = 0;
        for (int r = 0; r < t.rowCount(); r++) {
            assertTrue(scored.number(r) >= created.number(r));
            if (converted.number(r) == 1.0) {
                positives++;
                assertTrue(at.number(r) >= scored.number(r));
            } else {
                assertNull(at.value(r));
            }
        }
        double rate = (double) positives / t.rowCount();
        assertTrue(rate > 0.05 && rate < 0.3, "a plausible conversion rate: " + rate);
    }

    @Test
    void sameSeedSameLeadsOtherSeedOtherLeads() {
        Table a = generate(5, "a.parquet");
        Table b = generate(5, "b.parquet");
        Table c = generate(6, "c.parquet");
        for (Column col : a.columns()) {
            for (int r = 0; r < a.rowCount(); r++) {
                assertEquals(col.value(r), b.require(col.name(), "x").value(r), col.name() + " row " + r);
            }
        }
        int differing = 0;
        for (int r = 0; r < a.rowCount(); r++) {
            if (a.require("pages_viewed", "x").number(r) != c.require("pages_viewed", "x").number(r)) {
                differing++;
            }
        }
        assertNotEquals(0, differing);
    }
}
