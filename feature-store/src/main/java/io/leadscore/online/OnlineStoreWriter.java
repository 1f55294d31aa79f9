package io.leadscore.online;

/**
 * Writes stored features into an online store. Nothing written is visible to readers of the
 * embedded file before {@link #commit()}; closing without a commit discards what was written there.
 */
public interface OnlineStoreWriter extends AutoCloseable {
    void put(StoredFeatures features);

    /** Makes everything written visible. */
    void commit();

    @Override
    void close();
}
