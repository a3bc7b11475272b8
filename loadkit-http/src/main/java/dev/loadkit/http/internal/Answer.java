package dev.loadkit.http.internal;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * What came back for one request, before it becomes an {@code HttpResponse}.
 *
 * @param status the status code
 * @param reason the reason phrase
 * @param headers the response's headers
 * @param body the body kept (empty when discarded)
 * @param end when its last byte was read, on the session's clock: taken by the transport, so that no hand-over
 *            after the read counts as the server's time
 */
public record Answer(int status, String reason, HttpHeaders headers, byte[] body, long end) {
}
