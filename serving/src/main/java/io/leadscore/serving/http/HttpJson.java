package io.leadscore.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON of the HTTP API: the project's {@link ObjectMapper} (snake_case keys, the fast double
 * parser and writer), which Javalin's {@code ctx.json} uses too; request bodies read whole within
 * {@link #MAX_BODY_BYTES}; the one error shape of every 4xx and 5xx ({@link ErrorBody}).
 */
public final class HttpJson {
    /** The mapper of every request and answer. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    /** Largest accepted request body (a batch of 10,000 leads fits). */
    public static final long MAX_BODY_BYTES = 32L << 20;
    /** The message of the 413 answered to a larger body. */
    public static final String BODY_TOO_LARGE = "request body too large: at most " + MAX_BODY_BYTES + " bytes";

    /** Most bytes of a refused over-limit body read and dropped before its 413 (see {@link #drain}). */
    private static final long DRAINED_AT_MOST = 4 * MAX_BODY_BYTES;
    /** The size of the first array a declared body is read into. */
    private static final int FIRST_READ = 1 << 20;

    private HttpJson() {
    }

    /** The request body as JSON; an empty or malformed body is a 400 naming where it broke. */
    public static JsonNode body(Context ctx) {
        return parse(bodyBytes(ctx));
    }

    /**
     * The request body's bytes, read into one array of the declared {@code Content-Length} (else by
     * Javalin); an empty body is a 400, one over {@link #MAX_BODY_BYTES} a 413.
     */
    public static byte[] bodyBytes(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !isJson(type)) {
            throw new InvalidRequestException(415, "unsupported media type: send the body as application/json",
                    List.of(new FieldError("header.Content-Type", "expected application/json, got " + (type.length() > 100 ? type.substring(0, 100) + "…" : type))));
        }
        long declared = ctx.req().getContentLengthLong();
        byte[] bytes;
        if (declared > MAX_BODY_BYTES) {
            drain(ctx, declared);
            throw new InvalidRequestException(413, BODY_TOO_LARGE,
                    List.of(new FieldError("$", "the body has " + declared + " bytes")));
        } else if (declared >= 0) {
            try {
                bytes = readFully(ctx.req().getInputStream(), (int) declared);
            } catch (IOException e) {
                throw unreadable();
            }
        } else {
            try {
                bytes = ctx.bodyAsBytes(); // streamed: Javalin stops at the limit with a 413
            } catch (HttpResponseException e) {
                if (e.getStatus() == 413) {
                    drain(ctx, -1);
                }
                throw e;
            }
        }
        if (bytes.length == 0) {
            throw new InvalidRequestException(List.of(new FieldError("$", "empty body: expected a JSON object")));
        }
        return bytes;
    }

    /** Whether a Content-Type names JSON: {@code application/json} or a {@code +json} type, any parameters. */
    static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json");
    }

    /**
     * Reads and drops what a client still sends of a body refused as too large (up to
     * {@link #DRAINED_AT_MOST} bytes), so that it then reads the 413 rather than finding the
     * connection reset while it sends; not when it asked {@code Expect: 100-continue} and so waits
     * for the answer before sending.
     *
     * @param declared the body's Content-Length, or -1 when streamed
     */
    private static void drain(Context ctx, long declared) {
        String expect = ctx.header("Expect");
        if (expect != null && expect.toLowerCase(java.util.Locale.ROOT).contains("100-continue")) {
            return;
        }
        long left = declared >= 0 ? Math.min(declared, DRAINED_AT_MOST) : DRAINED_AT_MOST;
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = ctx.req().getInputStream();
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; ) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // the client stopped sending: nothing more to drop
        }
    }

    /**
     * Reads a body of {@code declared} bytes into one array, allocated as the bytes arrive (at most
     * {@link #FIRST_READ} at first, doubled when full), so that a client cannot reserve memory by
     * merely declaring a large body; one that ends early is a 400.
     */
    private static byte[] readFully(InputStream in, int declared) throws IOException {
        byte[] bytes = new byte[Math.min(declared, FIRST_READ)];
        int read = 0;
        while (read < declared) {
            if (read == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(declared, 2L * bytes.length));
            }
            int n = in.read(bytes, read, bytes.length - read);
            if (n < 0) {
                throw new InvalidRequestException(List.of(new FieldError("$", "the body ended after " + read + " of its "
                        + declared + " bytes (Content-Length)")));
            }
            read += n;
        }
        return bytes;
    }

    /** JSON bytes as a tree (dashboard data, outcomes); malformed JSON is a 400 naming where it broke. */
    public static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw unreadable();
        }
    }

    /** The 400 of a body that is not well-formed JSON: where it broke and why, under path {@code $}. */
    public static InvalidRequestException malformed(JsonProcessingException e) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new InvalidRequestException(List.of(new FieldError("$", "malformed JSON" + where + ": " + e.getOriginalMessage())));
    }

    /** The 400 of a body that could not be read. */
    public static InvalidRequestException unreadable() {
        return new InvalidRequestException(List.of(new FieldError("$", "unreadable body")));
    }

    /** The one shape of every 4xx and 5xx answer. */
    public record ErrorBody(String error, List<FieldError> errors) {
    }

    /** Answers {@code status} with an {@link ErrorBody}. */
    public static void error(Context ctx, int status, String message, List<FieldError> errors) {
        ctx.status(status).json(new ErrorBody(message, errors));
    }
}
