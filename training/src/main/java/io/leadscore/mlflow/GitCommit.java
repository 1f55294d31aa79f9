package io.leadscore.mlflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The git commit checked out in a directory, recorded with a run so that it can be traced to the code. */
final class GitCommit {
    /** What is recorded when there is no git, no repository or no commit. */
    static final String UNKNOWN = "unknown";

    private GitCommit() {
    }

    /** {@code git rev-parse HEAD} in {@code dir}, or {@link #UNKNOWN}. */
    static String of(Path dir) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return UNKNOWN;
            }
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40,64}") ? out : UNKNOWN;
        } catch (IOException e) {
            return UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN;
        }
    }
}
