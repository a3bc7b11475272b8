package dev.loadkit.http.internal;

import dev.loadkit.core.Session;
import dev.loadkit.http.HttpVersion;
import dev.loadkit.http.internal.http1.Http1Transport;
import reactor.core.publisher.Mono;

import java.net.URI;

/**
 * How a protocol's requests reach the wire. HTTP/1.1 without a proxy, what nearly every load test sends, goes
 * through {@link Http1Transport}: connections of loadkit's own on Netty, one request at a time each, the shortest
 * path per request. HTTP/2, H2C and proxies go through {@link ReactorNettyTransport}, whose stream multiplexing
 * and proxy handshakes are worth their cost there.
 */
public interface Transport {

    /**
     * Sends a request and reads its response, within the response timeout.
     *
     * @param request the request
     * @param session the virtual user's session, whose connections it uses unless they are shared
     * @param timing filled with the request's timings and byte counts
     * @return the answer; fails when no complete response came, with the cause
     */
    Mono<Answer> exchange(OutgoingRequest request, Session session, RequestTiming timing);

    /**
     * Gets ready before the schedule: loads classes, starts event loops, resolves the target and opens one TCP
     * connection to it and closes it. It sends no request.
     *
     * @param target the target's base URL
     * @return completes when ready; fails when the target cannot be reached
     */
    Mono<Void> prepare(URI target);

    /**
     * Closes the connections shared by all users, if any; a later run opens new ones.
     *
     * @return completes when closed
     */
    Mono<Void> close();

    /**
     * The transport for a protocol's settings.
     *
     * @param settings the settings
     * @return the transport
     * @throws IllegalArgumentException when a certificate or key file cannot be used
     */
    static Transport of(TransportSettings settings) {
        return settings.version() == HttpVersion.HTTP_1_1 && settings.proxyHost() == null
                ? new Http1Transport(settings)
                : new ReactorNettyTransport(settings);
    }
}
