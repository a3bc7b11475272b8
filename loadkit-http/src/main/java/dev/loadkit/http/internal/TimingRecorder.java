package dev.loadkit.http.internal;

import reactor.netty.http.client.ContextAwareHttpClientMetricsRecorder;
import reactor.util.context.ContextView;

import java.net.SocketAddress;
import java.time.Duration;

/**
 * Receives Reactor Netty's per-request measurements and writes them into the {@link RequestTiming} of
 * the request's context. Over HTTP/1.1 the connection's byte counts belong to the one request using it
 * and are exact on the wire; over HTTP/2 the connection is shared by streams, so the request's own
 * payload bytes are counted instead.
 */
public final class TimingRecorder extends ContextAwareHttpClientMetricsRecorder {

    /** For HTTP/1.1 clients: bytes counted on the connection. */
    public static final TimingRecorder CONNECTION_BYTES = new TimingRecorder(true);
    /** For HTTP/2 clients: bytes counted per stream. */
    public static final TimingRecorder STREAM_BYTES = new TimingRecorder(false);

    private final boolean connectionBytes;

    private TimingRecorder(boolean connectionBytes) {
        this.connectionBytes = connectionBytes;
    }

    private static RequestTiming timing(ContextView context) {
        return context.getOrDefault(RequestTiming.class, null);
    }

    @Override
    public void recordConnectTime(ContextView context, SocketAddress remoteAddress, Duration time, String status) {
        RequestTiming timing = timing(context);
        if (timing != null) {
            timing.connected(time.toNanos());
        }
    }

    @Override
    public void recordTlsHandshakeTime(ContextView context, SocketAddress remoteAddress, Duration time, String status) {
        RequestTiming timing = timing(context);
        if (timing != null) {
            timing.tlsHandshaken(time.toNanos());
        }
    }

    @Override
    public void recordDataSentTime(ContextView context, SocketAddress remoteAddress, String uri, String method, Duration time) {
        RequestTiming timing = timing(context);
        if (timing != null) {
            timing.sent(time.toNanos());
        }
    }

    @Override
    public void recordDataReceivedTime(ContextView context, SocketAddress remoteAddress, String uri, String method,
                                       String status, Duration time) {
        RequestTiming timing = timing(context);
        if (timing != null) {
            timing.received(time.toNanos());
        }
    }

    @Override
    public void recordResponseTime(ContextView context, SocketAddress remoteAddress, String uri, String method,
                                   String status, Duration time) {
        RequestTiming timing = timing(context);
        if (timing != null) {
            timing.responded(time.toNanos());
        }
    }

    @Override
    public void recordDataSent(ContextView context, SocketAddress remoteAddress, long bytes) {
        RequestTiming timing = timing(context);
        if (timing != null && connectionBytes) {
            timing.addBytesSent(bytes);
        }
    }

    @Override
    public void recordDataReceived(ContextView context, SocketAddress remoteAddress, long bytes) {
        RequestTiming timing = timing(context);
        if (timing != null && connectionBytes) {
            timing.addBytesReceived(bytes);
        }
    }

    @Override
    public void recordDataSent(ContextView context, SocketAddress remoteAddress, String uri, long bytes) {
        RequestTiming timing = timing(context);
        if (timing != null && !connectionBytes) {
            timing.addBytesSent(bytes);
        }
    }

    @Override
    public void recordDataReceived(ContextView context, SocketAddress remoteAddress, String uri, long bytes) {
        RequestTiming timing = timing(context);
        if (timing != null && !connectionBytes) {
            timing.addBytesReceived(bytes);
        }
    }

    @Override
    public void incrementErrorsCount(ContextView context, SocketAddress remoteAddress, String uri) {
        // Errors are classified from the request's own outcome, which carries the exception.
    }

    @Override
    public void incrementErrorsCount(ContextView context, SocketAddress remoteAddress) {
        // As above.
    }

    @Override
    public void recordResolveAddressTime(SocketAddress remoteAddress, Duration time, String status) {
        // Loopback and literal addresses resolve at once; k6 does not report resolution either.
    }
}
