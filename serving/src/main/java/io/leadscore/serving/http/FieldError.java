package io.leadscore.serving.http;

/**
 * One problem with a request: the JSON path of the field (e.g. {@code $.website_visits}) and what is
 * wrong with it.
 */
public record FieldError(String path, String message) {
}
