package io.leadscore.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading JSON request bodies and writing JSON answers, including the one error shape of every 4xx/5xx. */
final class HttpJson {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    /** Most bytes of a refused over-limit body read and dropped before its 413 (see {@link #drain}). */
    private static final long DRAINED_AT_MOST = 4 * LeadscoreServer.MAX_BODY_BYTES;
    /** The size of the first array a declared body is read into. */
    private static final int FIRST_READ = 1 << 20;

    private HttpJson() {
    }

    /** The request body as JSON; an empty or malformed body is a 400 naming where it broke. */
    static JsonNode body(Context ctx) {
        return parse(bodyBytes(ctx));
    }

    /**
     * The request body's bytes, read into one array of the declared {@code Content-Length} (else by
     * Javalin); an empty body is a 400, one over {@link LeadscoreServer#MAX_BODY_BYTES} a 413.
     */
    static byte[] bodyBytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        byte[] bytes;
        if (declared > LeadscoreServer.MAX_BODY_BYTES) {
            drain(ctx, declared);
            throw new InvalidRequestException(413, LeadscoreServer.BODY_TOO_LARGE,
                    List.of(new FieldError("$", "the body has " + declared + " bytes")));
        } else if (declared >= 0) {
            try {
                bytes = readFully(ctx.req().getInputStream(), (int) declared);
            } catch (IOException e) {
                throw new InvalidRequestException(List.of(new FieldError("$", "unreadable body")));
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

    /** JSON bytes as a tree; malformed JSON is a 400 naming where it broke. */
    static JsonNode parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    /** Part of a byte array as a JSON tree; malformed JSON is a 400 naming where it broke. */
    static JsonNode parse(byte[] bytes, int offset, int length) {
        try {
            return JSON.readTree(bytes, offset, length);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new InvalidRequestException(List.of(new FieldError("$", "malformed JSON" + where + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new InvalidRequestException(List.of(new FieldError("$", "unreadable body")));
        }
    }

    /** The error body: {@code {"error": "...", "errors": [{"path", "message"}]}}. */
    static void error(Context ctx, int status, String message, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("errors", errors);
        send(ctx, status, body);
    }

    static void send(Context ctx, int status, Object body) {
        send(ctx, status, bytes(body));
    }

    /** Sends a body already written as JSON. */
    static void send(Context ctx, int status, byte[] json) {
        ctx.status(status).contentType("application/json").result(json);
    }

    /** A value as JSON bytes. */
    static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends 200 with an object of the given fields plus one array field whose elements are already
     * serialized (each element the JSON bytes of one value), so that big answers can be serialized
     * in parallel.
     */
    static void sendArray(Context ctx, Map<String, ?> fields, String arrayField, byte[][] serializedElements) {
        byte[] head = bytes(fields);
        byte[] name = bytes(arrayField);
        int size = head.length - 1 + (fields.isEmpty() ? 0 : 1) + name.length + 2 + 2 + Math.max(0, serializedElements.length - 1);
        for (byte[] e : serializedElements) {
            size += e.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        System.arraycopy(head, 0, out, at, head.length - 1); // the fields without the closing brace
        at += head.length - 1;
        if (!fields.isEmpty()) {
            out[at++] = ',';
        }
        System.arraycopy(name, 0, out, at, name.length);
        at += name.length;
        out[at++] = ':';
        out[at++] = '[';
        for (int i = 0; i < serializedElements.length; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            byte[] e = serializedElements[i];
            System.arraycopy(e, 0, out, at, e.length);
            at += e.length;
        }
        out[at++] = ']';
        out[at++] = '}';
        if (at != size) {
            throw new IllegalStateException("answer size miscounted: " + at + " of " + size);
        }
        ctx.status(200).contentType("application/json").result(out);
    }
}
