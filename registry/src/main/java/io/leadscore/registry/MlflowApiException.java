package io.leadscore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadscore.data.DataException;

/**
 * An error answer of the MLflow server, e.g. {@code RESOURCE_DOES_NOT_EXIST} for an unknown
 * registered model or version. Its message is the server's own, on one line, after the server's
 * name; commands report it like any bad input (exit code 2).
 */
public final class MlflowApiException extends DataException {
    private final int status;
    private final String errorCode;

    private MlflowApiException(String where, int status, String errorCode, String reason) {
        super(where, reason);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** From an HTTP status and the answer's body (MLflow's {@code {"error_code","message"}} JSON, or anything else). */
    static MlflowApiException of(String where, int status, String body) {
        String code = "";
        String message = null;
        try {
            JsonNode n = body == null || body.isBlank() ? null : MlflowClient.JSON.readTree(body);
            if (n != null && n.isObject()) {
                code = n.path("error_code").asText("");
                message = n.hasNonNull("message") ? n.get("message").asText() : null;
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // not MLflow's error format; described by the status below
        }
        String reason;
        if (message == null) {
            reason = status == 404 ? "not found (HTTP 404); is this an MLflow tracking server with the artifact proxy (--serve-artifacts)?"
                    : "the server answered HTTP " + status;
        } else {
            reason = oneLine(message) + (code.isEmpty() ? " (HTTP " + status + ")" : " (" + code + ")");
        }
        return new MlflowApiException(where, status, code, reason);
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** MLflow's error code, e.g. {@code RESOURCE_DOES_NOT_EXIST}; empty if the answer had none. */
    public String errorCode() {
        return errorCode;
    }

    /** Whether the server said that the thing asked for does not exist. */
    public boolean isNotFound() {
        return status == 404 || "RESOURCE_DOES_NOT_EXIST".equals(errorCode);
    }
}
