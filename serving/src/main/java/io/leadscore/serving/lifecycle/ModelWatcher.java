package io.leadscore.serving.lifecycle;

import io.leadscore.model.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a model directory and offers it to the {@link ModelHolder} whenever its model card
 * changes (a new model was written there: {@code train --out} replaces the directory atomically).
 */
public final class ModelWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);

    private final ModelHolder holder;
    private final Path dir;
    private final ModelHolder.Role role;
    private final ScheduledExecutorService timer;
    private volatile String lastSeen;

    public ModelWatcher(ModelHolder holder, Path dir, ModelHolder.Role role, long pollSeconds) {
        this.holder = holder;
        this.dir = dir;
        this.role = role;
        this.lastSeen = stamp();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-watcher-" + role.name().toLowerCase());
            t.setDaemon(true);
            return t;
        });
        if (pollSeconds > 0) {
            timer.scheduleWithFixedDelay(this::check, pollSeconds, pollSeconds, TimeUnit.SECONDS);
        }
    }

    /** Offers the directory now if it changed since it was last seen; returns the refusal or null. */
    public synchronized ModelHolder.Refusal check() {
        String now = stamp();
        if (now == null || now.equals(lastSeen)) {
            return null;
        }
        lastSeen = now;
        return reload();
    }

    /** Offers the directory now, changed or not. */
    public synchronized ModelHolder.Refusal reload() {
        try {
            return holder.offer(dir.toString(), role);
        } catch (RuntimeException e) {
            LOG.error("reloading {} failed: {}", dir, e.getMessage());
            return new ModelHolder.Refusal(role, dir.toString(), e.getMessage(), java.time.Instant.now());
        }
    }

    private String stamp() {
        try {
            Path card = dir.resolve(ModelDirectory.CARD_FILE);
            FileTime t = Files.getLastModifiedTime(card);
            Object key = Files.readAttributes(card, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return t.toMillis() + ":" + key + ":" + Files.size(card);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
