package io.leadscore.serving;

/**
 * What may be logged of an exception: its class and stack frames, causes included, but never its
 * message, which may quote a request (a lead's name, email or phone).
 */
final class LogSafe {
    /** Frames kept per exception. */
    private static final int FRAMES = 12;

    private LogSafe() {
    }

    /** The exception's class and top frames, then each cause's, without any message. */
    static String stackTrace(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(t == e ? "" : " caused by ").append(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                out.append(i == 0 ? " at " : " < ").append(frames[i]);
            }
        }
        return out.toString();
    }
}
