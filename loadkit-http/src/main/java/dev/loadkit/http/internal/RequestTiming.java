package dev.loadkit.http.internal;

import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The timings and byte counts of one request, filled on its connection's event loop before the response is handed
 * on, on the same thread, so plain fields suffice: by the HTTP/1.1 transport itself, or by {@link TimingRecorder}
 * from Reactor Netty's callbacks, which find it in the request's Reactor context.
 */
public final class RequestTiming {

    private static final AtomicIntegerFieldUpdater<RequestTiming> RECORDED =
            AtomicIntegerFieldUpdater.newUpdater(RequestTiming.class, "recorded");

    /** 1 once the request was recorded, so that completion, failure and cancellation record it once. */
    private volatile int recorded;
    /** The event loop of the request's connection, set when the request is sent. */
    volatile Executor eventLoop;

    private long connectingNanos;
    private long tlsHandshakingNanos;
    private long sendingNanos;
    private long receivingNanos;
    private long responseNanos;
    private long bytesSent;
    private long bytesReceived;

    /**
     * Claims the right to record this request: true for the first caller only, so that a response and
     * a cancellation racing at the end of a run count the request once.
     *
     * @return whether the caller records the request
     */
    public boolean claimRecording() {
        return RECORDED.compareAndSet(this, 0, 1);
    }

    /**
     * Notes the event loop of a request's connection, when the request is sent.
     *
     * @param context the request's Reactor context
     * @param eventLoop the connection's event loop
     */
    public static void sentOn(ContextView context, Executor eventLoop) {
        RequestTiming timing = context.getOrDefault(RequestTiming.class, null);
        if (timing != null) {
            timing.eventLoop = eventLoop;
        }
    }

    /**
     * Hands a value on from a later task of the connection's event loop. Reactor Netty returns an
     * HTTP/1.1 connection to its pool only after the response has been handed on, in the same event loop
     * task; a virtual user's next request, started from that hand-over, would find the connection still
     * busy and open another. Handing on from the next task lets it reuse the connection, so a user is one
     * client to the server, as a browser or k6 is.
     *
     * @param value the value
     * @param <T> its type
     * @return the value, emitted after the connection was released
     */
    public <T> Mono<T> afterRelease(T value) {
        Executor loop = eventLoop;
        if (loop == null) {
            return Mono.just(value);
        }
        return Mono.create(sink -> loop.execute(() -> sink.success(value)));
    }

    /**
     * Notes the time the request's connection took to connect.
     *
     * @param nanos nanoseconds
     */
    public void connected(long nanos) {
        connectingNanos = nanos;
    }

    /**
     * Notes the time of the connection's TLS handshake.
     *
     * @param nanos nanoseconds
     */
    public void tlsHandshaken(long nanos) {
        tlsHandshakingNanos = nanos;
    }

    /**
     * Notes the time spent writing the request.
     *
     * @param nanos nanoseconds
     */
    public void sent(long nanos) {
        sendingNanos = nanos;
    }

    /**
     * Notes the time from the response's first byte to its last.
     *
     * @param nanos nanoseconds
     */
    public void received(long nanos) {
        receivingNanos = nanos;
    }

    /**
     * Notes the time from the request's first byte written to the response's last byte read.
     *
     * @param nanos nanoseconds
     */
    public void responded(long nanos) {
        responseNanos = nanos;
    }

    /**
     * Counts bytes written for the request.
     *
     * @param bytes the bytes
     */
    public void addBytesSent(long bytes) {
        bytesSent += bytes;
    }

    /**
     * Counts bytes read for the response.
     *
     * @param bytes the bytes
     */
    public void addBytesReceived(long bytes) {
        bytesReceived += bytes;
    }

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
