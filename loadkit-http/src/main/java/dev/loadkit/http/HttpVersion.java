package dev.loadkit.http;

/** The HTTP version a client speaks. */
public enum HttpVersion {
    /** HTTP/1.1, over plain TCP or TLS. */
    HTTP_1_1,
    /** HTTP/2 over TLS, negotiated with ALPN (the way browsers speak it); {@code https} URLs only. */
    HTTP_2,
    /** HTTP/2 over plain TCP with prior knowledge ("h2c"); {@code http} URLs only. */
    H2C
}
