package dev.loadkit.http.internal;

import java.io.IOException;

/** The server closed the connection before the response was complete. */
public final class ConnectionClosedException extends IOException {

    /** Creates the exception. */
    public ConnectionClosedException() {
        super("the server closed the connection before the response was complete");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
