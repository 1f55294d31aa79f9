package io.leadscore.batch;

import io.leadscore.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written beside its target under a hidden temporary name ({@code .NAME.tmp-PID}) and moved
 * into place atomically by {@link #commit()}. Until then the target is untouched: a failed run
 * deletes the temporary file, a run stopped by a signal deletes it in a shutdown hook, and one
 * killed outright leaves it to be swept by the next run ({@link #sweep()}: temporary files of
 * processes no longer alive).
 */
final class TempTarget {
    private final Path target;
    private final Path temp;
    private final Thread hook;
    private boolean done;

    TempTarget(Path target) {
        this.target = target.toAbsolutePath();
        this.temp = this.target.resolveSibling(prefix(this.target) + ProcessHandle.current().pid());
        try {
            Files.createDirectories(this.target.getParent());
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new DataException(target.toString(), "cannot write: " + e.getMessage());
        }
        this.hook = new Thread(this::deleteTemp, "discard " + temp.getFileName());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static String prefix(Path target) {
        return "." + target.getFileName() + ".tmp-";
    }

    Path temp() {
        return temp;
    }

    Path target() {
        return target;
    }

    /** Moves the temporary file into place. */
    void commit() {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            removeHook();
        } catch (IOException e) {
            throw new DataException(target.toString(), "cannot write: " + e.getMessage());
        }
    }

    /** Closes what writes the temporary file, moves the file into place and sweeps older runs' leftovers. */
    void commit(java.io.Closeable writer) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new DataException(target.toString(), "cannot write: " + e.getMessage());
        }
        commit();
        sweep();
    }

    /** Unless committed: closes what writes the temporary file (quietly) and deletes the file. */
    void discard(java.io.Closeable writer) {
        if (!done && writer != null) {
            try {
                writer.close();
            } catch (IOException | RuntimeException ignored) {
                // the file is deleted either way
            }
        }
        discard();
    }

    /** Deletes the temporary file unless it was committed. */
    void discard() {
        if (!done) {
            done = true;
            deleteTemp();
            removeHook();
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook deletes nothing that matters
        }
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // only a temporary file
        }
    }

    /** Deletes the temporary files of this target left by runs that are no longer alive. */
    void sweep() {
        String prefix = prefix(target);
        try (var files = Files.list(target.getParent())) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(name.substring(prefix.length()));
                    if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                        Files.deleteIfExists(p);
                    }
                } catch (NumberFormatException | IOException ignored) {
                    // not one of ours, or already gone
                }
            }
        } catch (IOException ignored) {
            // nothing to sweep
        }
    }
}
