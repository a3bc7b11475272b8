package dev.loadkit.ws;

import dev.loadkit.core.metrics.Metric;

import java.util.List;

/**
 * The metrics of the WebSocket driver, with k6's names, each tagged with the connection's {@code name}.
 */
public final class WsMetrics {

    /** Time from the connect to the end of the WebSocket handshake. */
    public static final Metric CONNECTING = Metric.trend("ws_connecting");
    /** Time from the handshake to the close of a connection. */
    public static final Metric SESSION_DURATION = Metric.trend("ws_session_duration");
    /** Connections opened. */
    public static final Metric SESSIONS = Metric.counter("ws_sessions");
    /** Messages sent. */
    public static final Metric MSGS_SENT = Metric.counter("ws_msgs_sent");
    /** Messages received. */
    public static final Metric MSGS_RECEIVED = Metric.counter("ws_msgs_received");
    /** Latency of a reply to a sent message ({@code kind:reply}), or of a pushed message from its send time ({@code kind:push}). */
    public static final Metric MSG_LATENCY = Metric.trend("ws_msg_latency");
    /** Errors, tagged with their {@code kind}: connect refused, handshake, await timeout, closed by server, connection lost, ... */
    public static final Metric ERRORS = Metric.counter("ws_errors");

    private WsMetrics() {
    }

    /**
     * Every metric of the driver.
     *
     * @return the definitions
     */
    public static List<Metric> all() {
        return List.of(CONNECTING, SESSION_DURATION, SESSIONS, MSGS_SENT, MSGS_RECEIVED, MSG_LATENCY, ERRORS);
    }
}
