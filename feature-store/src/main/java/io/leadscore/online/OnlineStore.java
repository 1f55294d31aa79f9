package io.leadscore.online;

import java.util.Optional;

/** Looks up a lead's newest stored features by lead id. Implementations are thread-safe. */
public interface OnlineStore extends AutoCloseable {
    /** The lead's stored features, if any. */
    Optional<StoredFeatures> get(String leadId);

    /** Where the store is, for logs (no credentials). */
    String describe();

    /** Re-reads the store if it is a snapshot (the embedded file); returns the leads it holds, or -1 if it is live. */
    default long reload() {
        return -1;
    }

    @Override
    default void close() {
    }
}
