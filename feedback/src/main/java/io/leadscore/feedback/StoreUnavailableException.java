package io.leadscore.feedback;

/**
 * The feedback store's database cannot be reached (or is too busy) right now: nothing was stored.
 * The call may be retried later; a server answers 503 with {@code Retry-After}. Its message names
 * the store without credentials.
 */
public final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
