package dev.loadkit.http.internal;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** No complete response, to its last byte, within the response timeout. */
public final class ResponseDeadlineException extends TimeoutException {

    /**
     * Creates the exception.
     *
     * @param timeout the response timeout
     */
    public ResponseDeadlineException(Duration timeout) {
        super("no complete response within the response timeout of " + timeout.toMillis() + " ms");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
