package io.leadscore.feedback;

import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store's database answered the last time it was used, and since when it has not:
 * set by every write and read, read by {@link FeedbackStore#health()}. Logs the change each way
 * once (class of the error and SQL state only: driver messages may name hosts or users).
 */
final class Availability {
    private static final Logger LOG = LoggerFactory.getLogger(Availability.class);

    private final Dialect dialect;
    private final String store;
    private volatile Instant downSince;
    private volatile String problem;

    Availability(Dialect dialect, String store) {
        this.dialect = dialect;
        this.store = store;
    }

    /** Whether the last use worked. */
    boolean ok() {
        return downSince == null;
    }

    Instant downSince() {
        return downSince;
    }

    String problem() {
        return problem;
    }

    /** Records a use that worked. */
    void worked() {
        Instant since = downSince;
        if (since != null) {
            downSince = null;
            problem = null;
            LOG.atInfo().addKeyValue("event", "feedback_store_reachable").addKeyValue("store", store)
                    .log("the feedback store answers again after {} s", TimeUnit.MILLISECONDS.toSeconds(Instant.now().toEpochMilli() - since.toEpochMilli()));
        }
    }

    /**
     * Records a failed use.
     *
     * @return whether it means the database is unreachable or unusable now (else it is a fault in the call)
     */
    boolean failed(String what, Throwable e) {
        if (!unavailable(e)) {
            return false;
        }
        if (downSince == null) {
            downSince = Instant.now();
            problem = what + " failed: " + describe(e);
            LOG.atWarn().addKeyValue("event", "feedback_store_unreachable").addKeyValue("store", store)
                    .log("the feedback store does not answer ({}): outcomes are refused and predictions kept in memory until it does", problem);
        }
        return true;
    }

    /** Whether an error is the database being unreachable or unusable right now. */
    boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && dialect.unavailable(s)) {
                return true;
            }
        }
        return false;
    }

    /** The exception to throw for an unavailable database. */
    StoreUnavailableException unavailableException(String what, Throwable e) {
        failed(what, e);
        return new StoreUnavailableException("the feedback store (" + store + ") cannot be reached: " + what + " failed (" + describe(e) + ")", e);
    }

    /** An error's class and SQL state: driver messages may quote a row or name a user. */
    static String describe(Throwable e) {
        String state = e instanceof SQLException s ? s.getSQLState() : null;
        return e.getClass().getSimpleName() + (state == null ? "" : ", SQL state " + state);
    }
}
