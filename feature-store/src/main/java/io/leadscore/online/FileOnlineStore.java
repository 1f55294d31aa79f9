package io.leadscore.online;

import io.leadscore.data.DataException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded online store: a JSON-lines file of {@link StoredFeatures}, one lead per line, held
 * in memory by the server. {@link #reload()} reads the file again and swaps the whole map at once,
 * so a lookup sees the old store or the new one, never a mix. Written by {@link #writer(Path)}
 * through a temporary file and an atomic move.
 */
public final class FileOnlineStore implements OnlineStore {
    private final Path file;
    private volatile Map<String, StoredFeatures> byLead;

    private FileOnlineStore(Path file) {
        this.file = file;
        this.byLead = read(file);
    }

    /** Loads the file; a malformed line is a {@link DataException} naming the file and line. */
    public static FileOnlineStore load(Path file) {
        return new FileOnlineStore(file);
    }

    @Override
    public Optional<StoredFeatures> get(String leadId) {
        return Optional.ofNullable(byLead.get(leadId));
    }

    public int size() {
        return byLead.size();
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    @Override
    public long reload() {
        Map<String, StoredFeatures> fresh = read(file);
        byLead = fresh;
        return fresh.size();
    }

    private static Map<String, StoredFeatures> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file.toString(), "no such online store file (write it with: leadscore features materialize)");
        }
        Map<String, StoredFeatures> m = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long line = 0;
            for (String s; (s = r.readLine()) != null; ) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                try {
                    StoredFeatures f = StoredFeatures.fromJson(s);
                    m.put(f.leadId(), f);
                } catch (IllegalArgumentException e) {
                    throw DataException.atLine(file.toString(), line, null, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new DataException(file.toString(), "cannot read: " + e.getMessage());
        }
        return m;
    }

    /** A writer that replaces {@code file} atomically on commit. */
    public static OnlineStoreWriter writer(Path file) {
        Path target = file.toAbsolutePath();
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        BufferedWriter w;
        try {
            Files.createDirectories(target.getParent());
            w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException(file.toString(), "cannot write: " + e.getMessage());
        }
        return new OnlineStoreWriter() {
            private boolean done;

            @Override
            public void put(StoredFeatures features) {
                try {
                    w.write(features.toJson());
                    w.write('\n');
                } catch (IOException e) {
                    throw new DataException(file.toString(), "cannot write: " + e.getMessage());
                }
            }

            @Override
            public void commit() {
                try {
                    w.close();
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    done = true;
                } catch (IOException e) {
                    throw new DataException(file.toString(), "cannot write: " + e.getMessage());
                }
            }

            @Override
            public void close() {
                try {
                    w.close();
                    if (!done) {
                        Files.deleteIfExists(temp);
                    }
                } catch (IOException ignored) {
                    // only the temporary file
                }
            }
        };
    }
}
