package dev.loadkit.ws;

import dev.loadkit.core.metrics.CountedFailure;

/**
 * A WebSocket operation that could not complete: the connection failed or closed, or an await timed
 * out. Its kind is the one the {@code ws_errors} metric counts it under. The driver has counted it in the
 * errors already, so a task it fails adds no second row.
 */
public final class WsException extends RuntimeException implements CountedFailure {

    private static final long serialVersionUID = 1L;

    private final String kind;

    WsException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    WsException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /**
     * The kind of error, such as {@code connect refused}, {@code handshake}, {@code await timeout},
     * {@code closed by server} or {@code connection lost}.
     *
     * @return the kind
     */
    public String kind() {
        return kind;
    }
}
