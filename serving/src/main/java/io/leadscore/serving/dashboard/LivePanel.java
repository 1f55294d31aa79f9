package io.leadscore.serving.dashboard;

import io.leadscore.feedback.FeedbackStore;
import io.leadscore.feedback.LiveFigures;

import io.leadscore.serving.lifecycle.ServedModel;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's live figures ({@link LiveFigures}) kept ready: computing them aggregates the
 * prediction log in the feedback store's database (seconds at a million logged predictions), so
 * with a refresh interval they are recomputed in the background every interval and a dashboard
 * load only reads the last result; at once when the champion changes. With a zero
 * interval every read computes them afresh. Each result says when it was computed ({@code as_of}).
 */
public final class LivePanel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LivePanel.class);

    private final FeedbackStore store;
    private final Supplier<ServedModel> champion;
    private final Duration refresh;
    private final ScheduledExecutorService refresher;
    private volatile Snapshot last;

    private record Snapshot(String version, Map<String, Object> figures) {
    }

    /**
     * @param store the feedback store
     * @param champion the model serving now (null in a cold start)
     * @param refresh how often to recompute in the background; zero to compute on every read
     */
    public LivePanel(FeedbackStore store, Supplier<ServedModel> champion, Duration refresh) {
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("the refresh interval must not be negative: " + refresh);
        }
        this.store = store;
        this.champion = champion;
        this.refresh = refresh;
        if (refresh.isZero()) {
            this.refresher = null;
        } else {
            this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "live-panel-refresh");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(this::refreshQuietly, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The latest live figures: the background result, or fresh ones when there is none for the current champion. */
    public Map<String, Object> figures() {
        Snapshot s = last;
        ServedModel m = champion.get();
        if (refresh.isZero() || s == null || !Objects.equals(s.version(), version(m))) {
            s = compute(m);
        }
        return s.figures();
    }

    private Snapshot compute(ServedModel m) {
        Instant now = Instant.now();
        Map<String, Object> figures = new LinkedHashMap<>(LiveFigures.of(store, m == null ? null : m.model(), version(m),
                m == null ? Map.of() : m.segments().segments(), now));
        figures.put("as_of", now.toString());
        Snapshot s = new Snapshot(version(m), figures);
        last = s;
        return s;
    }

    /** The model's version, or null in a cold start (no model yet). */
    private static String version(ServedModel m) {
        return m == null ? null : m.version();
    }

    private void refreshQuietly() {
        try {
            compute(champion.get());
        } catch (RuntimeException e) {
            LOG.warn("could not refresh the live figures: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
