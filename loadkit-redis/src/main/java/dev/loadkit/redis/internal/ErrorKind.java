package dev.loadkit.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;

import java.util.concurrent.TimeoutException;

/**
 * The kind of a failed command, for the summary's {@code errors}: the server's error code ({@code WRONGTYPE},
 * {@code NOGROUP}, {@code ERR}, ...), {@code timeout}, {@code connection} (refused, lost, or not connected
 * while Lettuce reconnects), {@code tls}, or {@code client} for a failure of the generator itself.
 */
public final class ErrorKind {

    private ErrorKind() {
    }

    /**
     * Classifies an error.
     *
     * @param error the error
     * @return its kind
     */
    public static String of(Throwable error) {
        if (error instanceof RedisCommandExecutionException) {
            String message = String.valueOf(error.getMessage()).trim();
            int space = message.indexOf(' ');
            return space > 0 ? message.substring(0, space) : message;
        }
        if (error instanceof RedisCommandTimeoutException || error instanceof TimeoutException) {
            return "timeout";
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof javax.net.ssl.SSLException) {
                return "tls";
            }
        }
        // Refused, lost, or rejected while Lettuce reconnects (RedisConnectionException, IOException, ...).
        if (error instanceof io.lettuce.core.RedisException || error instanceof java.io.IOException
                || error instanceof java.util.concurrent.CancellationException) {
            return "connection";
        }
        // Anything else is the generator's own fault, not the server's: say so rather than blame the network.
        return "client";
    }

    /**
     * A message for the error; one per cause, so that similar errors share a row.
     *
     * @param error the error
     * @return the message
     */
    public static String message(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (root != error && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + ": " + root.getMessage();
        }
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
