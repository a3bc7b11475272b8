package dev.loadkit.http.internal;

/**
 * The timings and byte counts of one request, filled by {@link TimingRecorder} from Reactor Netty's
 * callbacks, which find it in the request's Reactor context. Every callback of a request runs on its
 * connection's event loop before the response is handed on, on the same thread, so plain fields suffice.
 */
public final class RequestTiming {

    long connectingNanos;
    long tlsHandshakingNanos;
    long sendingNanos;
    long receivingNanos;
    long responseNanos;
    long bytesSent;
    long bytesReceived;

    /**
     * The time to connect; zero when the request reused a connection.
     *
     * @return nanoseconds
     */
    public long connectingNanos() {
        return connectingNanos;
    }

    /**
     * The TLS handshake; zero when none happened.
     *
     * @return nanoseconds
     */
    public long tlsHandshakingNanos() {
        return tlsHandshakingNanos;
    }

    /**
     * The time spent sending the request.
     *
     * @return nanoseconds
     */
    public long sendingNanos() {
        return sendingNanos;
    }

    /**
     * The time spent receiving the response, from its first byte.
     *
     * @return nanoseconds
     */
    public long receivingNanos() {
        return receivingNanos;
    }

    /**
     * The time from the request sent to the first byte of the response.
     *
     * @return nanoseconds
     */
    public long waitingNanos() {
        return Math.max(0, responseNanos - sendingNanos - receivingNanos);
    }

    /**
     * Bytes written for the request.
     *
     * @return bytes
     */
    public long bytesSent() {
        return bytesSent;
    }

    /**
     * Bytes read for the response.
     *
     * @return bytes
     */
    public long bytesReceived() {
        return bytesReceived;
    }
}
