package io.leadscore.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading JSON request bodies and writing JSON answers, including the one error shape of every 4xx/5xx. */
final class HttpJson {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private HttpJson() {
    }

    /** The request body as JSON; an empty or malformed body is a 400 naming where it broke. */
    static JsonNode body(Context ctx) {
        return parse(bodyBytes(ctx));
    }

    /** The request body's bytes; an empty body is a 400. */
    static byte[] bodyBytes(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw new InvalidRequestException(List.of(new FieldError("$", "empty body: expected a JSON object")));
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
        } catch (java.io.IOException e) {
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
        ctx.status(status).contentType("application/json").result(bytes(body));
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
    static void sendArray(Context ctx, Map<String, ?> fields, String arrayField, Object[] serializedElements) {
        int size = 64;
        for (Object e : serializedElements) {
            size += ((byte[]) e).length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        byte[] head = bytes(fields);
        out.write(head, 0, head.length - 1); // the fields without the closing brace
        if (!fields.isEmpty()) {
            out.write(',');
        }
        out.writeBytes(bytes(arrayField));
        out.write(':');
        out.write('[');
        for (int i = 0; i < serializedElements.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes((byte[]) serializedElements[i]);
        }
        out.write(']');
        out.write('}');
        ctx.status(200).contentType("application/json").result(out.toByteArray());
    }
}
