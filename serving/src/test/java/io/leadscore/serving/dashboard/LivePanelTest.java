package io.leadscore.serving.dashboard;

import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.LiveFigures;
import io.leadscore.feedback.PredictionRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadscore.model.ConversionModel;
import io.leadscore.model.ModelDirectory;
import io.leadscore.model.TinyModels;
import io.leadscore.serving.lifecycle.ServedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivePanelTest {
    @TempDir
    Path dir;

    private static void log(FeedbackStore store, String version, int n) {
        for (int i = 0; i < n; i++) {
            store.log(new PredictionRecord("L" + i, version, 0.5, 50, "warm", null, null, Instant.now()));
        }
        store.flush();
    }

    private static ServedModel served(ConversionModel m, String source) {
        return new ServedModel(m, null, source, Instant.now());
    }

    @Test
    void figuresAreKeptUntilTheBackgroundRefreshOrAChampionChange() {
        ConversionModel model = ModelDirectory.load(TinyModels.write(dir.resolve("m")));
        AtomicReference<ServedModel> champion = new AtomicReference<>(served(model, "a"));
        try (FeedbackStore store = FeedbackStore.open(dir.resolve("fb.db"));
             LivePanel panel = new LivePanel(store, champion::get, Duration.ofHours(1))) {
            log(store, model.card().modelVersion(), 10);
            Map<String, Object> first = panel.figures();
            assertEquals(10L, first.get("predictions"));
            assertTrue(first.get("as_of") instanceof String);
            log(store, model.card().modelVersion(), 5);
            assertSame(first, panel.figures(), "within the refresh interval a page load reads the last result, not the log");
            ConversionModel other = ModelDirectory.load(TinyModels.write(dir.resolve("t"), true));
            assertNotEquals(model.card().modelVersion(), other.card().modelVersion());
            champion.set(served(other, "b"));
            Map<String, Object> after = panel.figures();
            assertEquals(15L, after.get("predictions"), "a new champion is measured at once");
            assertEquals(other.card().modelVersion(), ((Map<?, ?>) after.get("drift")).get("model_version"));
        }
    }

    @Test
    void withoutAnIntervalEveryReadIsFresh() {
        ConversionModel model = ModelDirectory.load(TinyModels.write(dir.resolve("m")));
        try (FeedbackStore store = FeedbackStore.open(dir.resolve("fb.db"));
             LivePanel panel = new LivePanel(store, () -> served(model, "a"), Duration.ZERO)) {
            log(store, model.card().modelVersion(), 3);
            assertEquals(3L, panel.figures().get("predictions"));
            log(store, model.card().modelVersion(), 4);
            assertEquals(7L, panel.figures().get("predictions"));
        }
    }

    @Test
    void theBackgroundRefreshPicksUpNewPredictions() throws Exception {
        ConversionModel model = ModelDirectory.load(TinyModels.write(dir.resolve("m")));
        try (FeedbackStore store = FeedbackStore.open(dir.resolve("fb.db"));
             LivePanel panel = new LivePanel(store, () -> served(model, "a"), Duration.ofMillis(50))) {
            log(store, model.card().modelVersion(), 2);
            panel.figures();
            log(store, model.card().modelVersion(), 6);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Long.valueOf(8).equals(panel.figures().get("predictions")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(8L, panel.figures().get("predictions"), "refreshed in the background within 20 s");
        }
    }

    @Test
    void aNegativeIntervalIsRefused() {
        ConversionModel model = ModelDirectory.load(TinyModels.write(dir.resolve("m")));
        try (FeedbackStore store = FeedbackStore.open(dir.resolve("fb.db"))) {
            assertThrows(IllegalArgumentException.class, () -> new LivePanel(store, () -> served(model, "a"), Duration.ofSeconds(-1)));
        }
    }
}
