package dev.loadkit.http;

/**
 * Why a request got no HTTP response. The summary counts errors under these kinds, so that "the server
 * refused connections" and "the server was slow" are told apart at a glance.
 */
public enum HttpErrorKind {
    /** Nothing listened on the port. */
    CONNECT_REFUSED("connect refused"),
    /** The connection was not established within the connect timeout. */
    CONNECT_TIMEOUT("connect timeout"),
    /** The host name could not be resolved. */
    DNS("dns"),
    /** The whole response, to its last byte, did not arrive within the response timeout. */
    RESPONSE_TIMEOUT("response timeout"),
    /** The server sent nothing for longer than the idle timeout while a response was awaited. */
    IDLE_TIMEOUT("idle timeout"),
    /** The response body was larger than the protocol's {@code maxBodySize}. */
    BODY_TOO_LARGE("body too large"),
    /** The server closed or reset the connection before the response was complete. */
    RESET("reset"),
    /** The TLS handshake failed, such as on a certificate that is not trusted. */
    TLS("tls"),
    /** The server's answer broke the HTTP protocol. */
    PROTOCOL("protocol"),
    /** Anything else. */
    OTHER("other");

    private final String label;

    HttpErrorKind(String label) {
        this.label = label;
    }

    /**
     * The kind as reports show it, such as {@code connect refused}.
     *
     * @return the label
     */
    public String label() {
        return label;
    }
}
