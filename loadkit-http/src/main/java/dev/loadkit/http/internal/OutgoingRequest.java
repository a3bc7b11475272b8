package dev.loadkit.http.internal;

import io.netty.handler.codec.http.HttpHeaders;

import java.net.URI;

/**
 * One request as a transport sends it, its templates filled.
 *
 * @param method the method
 * @param uri the absolute URI
 * @param headers the request's own headers (shared; a transport never changes them)
 * @param cookieHeader the {@code Cookie} header from the user's cookies, or {@code null}
 * @param contentType the body's content type when the headers do not set one, or {@code null}
 * @param content the body, or {@code null}
 * @param bodyLimit the most bytes of the response's body to keep, or -1 to keep none (it is only counted)
 */
public record OutgoingRequest(String method, URI uri, HttpHeaders headers, String cookieHeader, String contentType,
                              byte[] content, int bodyLimit) {
}
