package io.leadscore.serving.lifecycle;

import io.leadscore.model.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a model source — a model directory, or the local copy of a registry alias's version (see
 * {@link RegistrySource}) — and offers it to the {@link ModelHolder} whenever it changed: another
 * directory, or a new model card in the same one ({@code train --out} replaces a directory
 * atomically). A source that cannot be reached is logged and the current model keeps serving.
 * A source with no model yet (a directory not written yet, a registry alias not set yet) is simply
 * looked at again: in a cold start the first model to appear there is offered.
 */
public final class ModelWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);

    private final ModelHolder holder;
    private final Supplier<Path> source;
    private final String description;
    private final ModelHolder.Role role;
    private final Consumer<ModelHolder.Refusal> onOffer;
    private final ScheduledExecutorService timer;
    private volatile String lastSeen;

    /**
     * @param source where the model to serve is now (may download it); null when there is none yet
     * @param description the source in words, for the log
     * @param onOffer told the result of every offer (null = accepted)
     * @param pollSeconds how often to look; 0 = only on {@link #reload()}
     */
    public ModelWatcher(ModelHolder holder, Supplier<Path> source, String description, ModelHolder.Role role,
                        Consumer<ModelHolder.Refusal> onOffer, long pollSeconds) {
        this.holder = holder;
        this.source = source;
        this.description = description;
        this.role = role;
        this.onOffer = onOffer;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-watcher-" + role.label());
            t.setDaemon(true);
            return t;
        });
        if (pollSeconds > 0) {
            timer.scheduleWithFixedDelay(this::check, pollSeconds, pollSeconds, TimeUnit.SECONDS);
        }
    }

    /** Records what is being served now, so that only later changes are offered. */
    public void seen(Path served) {
        lastSeen = stamp(served);
    }

    /** Offers the source if it changed since it was last seen. */
    public synchronized void check() {
        Path p;
        try {
            p = source.get();
        } catch (RuntimeException e) {
            String serving = serving();
            LOG.atWarn().addKeyValue("event", "model_source_unreachable").addKeyValue("source", description)
                    .addKeyValue("model_version", serving)
                    .log("cannot reach the model source {}: {}; still serving {}", description, e.getMessage(), serving);
            return;
        }
        String now = p == null ? null : stamp(p);
        if (now == null || now.equals(lastSeen)) {
            return;
        }
        lastSeen = now;
        offer(p);
    }

    /**
     * Offers the source now, changed or not; returns the refusal or null. A registry alias not set
     * (yet) is not offered, nor, in a cold start, a directory with no model yet (nothing is refused:
     * the point table keeps answering).
     */
    public synchronized ModelHolder.Refusal reload() {
        Path p;
        try {
            p = source.get();
        } catch (RuntimeException e) {
            ModelHolder.Refusal r = new ModelHolder.Refusal(role, description, "cannot reach the model source: " + e.getMessage(), java.time.Instant.now());
            onOffer.accept(r);
            return r;
        }
        String now = p == null ? null : stamp(p);
        if (p == null || (now == null && holder.champion() == null)) {
            return null;
        }
        lastSeen = now;
        return offer(p);
    }

    /** What serves now, in words for the log. */
    private String serving() {
        ServedModel champion = holder.champion();
        return champion != null ? champion.version() : "the point table (no model yet)";
    }

    private ModelHolder.Refusal offer(Path p) {
        ModelHolder.Refusal r = holder.offer(p.toString(), role);
        onOffer.accept(r);
        return r;
    }

    private static String stamp(Path dir) {
        try {
            Path card = dir.resolve(ModelDirectory.CARD_FILE);
            BasicFileAttributes a = Files.readAttributes(card, BasicFileAttributes.class);
            return dir.toAbsolutePath() + ":" + a.lastModifiedTime().toMillis() + ":" + a.fileKey() + ":" + a.size();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
