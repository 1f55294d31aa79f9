package io.leadscore.serving.http;

import java.util.List;

/** A client mistake: answered with HTTP 400 (or the given status) and the field errors as JSON. */
public final class InvalidRequestException extends RuntimeException {
    private final int status;
    private final List<FieldError> errors;

    public InvalidRequestException(int status, String message, List<FieldError> errors) {
        super(message);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(List<FieldError> errors) {
        this(400, "invalid request", errors);
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
