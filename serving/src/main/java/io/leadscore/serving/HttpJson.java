package io.leadscore.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading JSON request bodies and writing JSON answers, including the one error shape of every 4xx/5xx. */
final class HttpJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private HttpJson() {
    }

    /** The request body as JSON; an empty or malformed body is a 400 naming where it broke. */
    static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw new InvalidRequestException(List.of(new FieldError("$", "empty body: expected a JSON object")));
        }
        try {
            return JSON.readTree(bytes);
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
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
