package dev.loadkit.core.report;

import java.util.Objects;

/**
 * The first error of its kind in a run, whole: what {@code --verbose} shows while the reports count them all.
 *
 * @param name the request, message or task that failed
 * @param kind the class of the error, such as {@code connect refused}
 * @param message the detail
 * @param cause the exception that raised it, or {@code null} when none did (an error status, a failed check)
 */
public record FirstError(String name, String kind, String message, Throwable cause) {

    /**
     * Checks the parts.
     *
     * @param name the request, message or task that failed
     * @param kind the class of the error
     * @param message the detail
     * @param cause the exception, or {@code null}
     */
    public FirstError {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
