package io.leadscore.serving.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A request's query parameters, read and checked one by one; every mistake is kept under its path
 * ({@code query.limit}) and {@link #check()} answers them all at once with a 400.
 */
public final class QueryParams {
    private final Context ctx;
    private final List<FieldError> errors = new ArrayList<>();

    public QueryParams(Context ctx) {
        this.ctx = ctx;
    }

    /** An integer in {@code [min, max]}, or {@code otherwise} when absent. */
    public int integer(String name, int otherwise, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        errors.add(new FieldError("query." + name, "expected an integer from " + min + " to " + max));
        return otherwise;
    }

    /** An ISO-8601 instant such as {@code 2026-03-01T12:00:00Z}, or null when absent. */
    public Instant instant(String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("query." + name, "expected an ISO-8601 instant such as 2026-03-01T12:00:00Z"));
            return null;
        }
    }

    /** One of {@code allowed}, or null when absent. */
    public String oneOf(String name, Set<String> allowed) {
        String v = ctx.queryParam(name);
        if (v == null || allowed.contains(v)) {
            return v;
        }
        errors.add(new FieldError("query." + name, "expected one of " + String.join(", ", new java.util.TreeSet<>(allowed))));
        return null;
    }

    /** Answers 400 with every mistake found so far, if any. */
    public void check() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
