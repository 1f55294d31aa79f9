package io.leadscore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segmented model directory written as {@code train --segment-by} writes it (the pooled model
 * at the top, a segment's directory moved in before the whole is renamed into place) and loaded
 * back: segment values that are not safe file names, routing by value, and the pooled fallback.
 */
class SegmentedModelTest {
    @TempDir
    Path dir;

    @Test
    void directoryNamesCannotEscapeOrClash() {
        assertEquals("smb", SegmentedModel.directoryName("smb"));
        assertEquals("%2E%2E", SegmentedModel.directoryName(".."));
        assertEquals("a%2Fb", SegmentedModel.directoryName("a/b"));
        assertEquals("%53%4D%42", SegmentedModel.directoryName("SMB"), "upper case cannot clash with lower case on a case-insensitive disk");
        assertEquals("m%C3%BCnchen", SegmentedModel.directoryName("münchen"));
        assertEquals("%", SegmentedModel.directoryName(""));
        assertEquals("2", SegmentedModel.key(2.0));
        assertEquals("2.5", SegmentedModel.key(2.5));
        assertEquals("true", SegmentedModel.key(true));
        assertNull(SegmentedModel.key(null));
    }

    @Test
    void aSegmentedDirectoryIsWrittenAtOnceAndRoutesByValue() throws Exception {
        Path pooledDir = TinyModels.write(dir.resolve("tiny"), false);
        Path treesDir = TinyModels.write(dir.resolve("tiny"), true);
        ConversionModel pooled = ModelDirectory.load(pooledDir);
        ConversionModel trees = ModelDirectory.load(treesDir);
        String value = "Public Sector/EU";
        String sub = SegmentsInfo.DIRECTORY + "/" + SegmentedModel.directoryName(value);
        Path staged = dir.resolve("staged");
        ModelDirectory.save(staged, trees.tribuoModel(), trees.card());
        SegmentsInfo info = new SegmentsInfo("source", 50, "test", List.of(
                new SegmentsInfo.Segment(value, sub, 300, 40, null, 30, 10, trees.card().modelVersion(), Map.of(), Map.of(), "segment", "test"),
                new SegmentsInfo.Segment("event", null, 200, 10, null, 8, 2, null, null, null, "pooled", "too few")));
        Path out = dir.resolve("model");
        ModelDirectory.save(out, pooled.tribuoModel(), pooled.card().withSegments(info), null, Map.of(), Map.of(sub, staged));
        assertFalse(Files.exists(staged), "the segment's directory was moved in");
        assertTrue(Files.isRegularFile(out.resolve("segments/%50ublic%20%53ector%2F%45%55/model-card.json")));

        SegmentedModel m = ModelDirectory.loadSegmented(out);
        assertEquals("source", m.column());
        assertEquals(List.of(value), List.copyOf(m.segments().keySet()));
        Map<String, Object> lead = new java.util.HashMap<>(Map.of("source", value, "job_level", "vp", "pricing_page_views", 2.0,
                "demo_requested", true, "email_clicks", 1.0));
        assertEquals(value, m.segmentOf(lead::get));
        assertEquals(trees.probability(lead::get), m.route(lead::get).probability(lead::get), 0.0);
        lead.put("source", "event");
        assertNull(m.segmentOf(lead::get), "a value listed as pooled");
        assertSame(m.pooled(), m.route(lead::get));
        lead.remove("source");
        assertNull(m.segmentOf(lead::get), "no value");
        assertEquals(pooled.card().modelVersion(), ModelDirectory.load(out).card().modelVersion(), "old readers see the pooled model");
        assertTrue(SegmentedModel.single(pooled).segments().isEmpty());

        // a card that names a directory outside the model is refused
        SegmentsInfo outside = new SegmentsInfo("source", 50, "test", List.of(
                new SegmentsInfo.Segment("x", "../tiny/xgboost", 1, 1, null, 1, 0, null, null, null, "segment", "test")));
        Path evil = dir.resolve("evil");
        ModelDirectory.save(evil, pooled.tribuoModel(), pooled.card().withSegments(outside));
        assertThrows(DataException.class, () -> ModelDirectory.loadSegmented(evil));
    }
}
