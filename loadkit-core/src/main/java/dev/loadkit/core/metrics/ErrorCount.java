package dev.loadkit.core.metrics;

/**
 * How often one kind of error happened to one request, message or task.
 *
 * @param name the request, message or task that failed
 * @param kind the class of the error, such as {@code connect refused} or {@code response timeout}
 * @param message a human-readable detail
 * @param count how often it happened
 */
public record ErrorCount(String name, String kind, String message, long count) {
}
