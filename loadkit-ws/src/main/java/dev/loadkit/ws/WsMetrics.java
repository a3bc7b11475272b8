package dev.loadkit.ws;

import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.RequestMetric;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of the WebSocket driver, with k6's names, each tagged with the connection's {@code name}.
 *
 * <p>Connects and timed messages are request metrics: every connect and every await that was started
 * counts once, opened or answered, failed, or cut by the end of the run (kind {@code interrupted}), and
 * shows in the per-request table with its failures.
 */
public final class WsMetrics {

    /**
     * Connects: {@code ws_connecting}, the time from the connect to the end of the WebSocket handshake
     * (or to the failure), from the intended start; {@code ws_connects}, every attempt;
     * {@code ws_connect_failed}, the share that failed or was cut.
     */
    public static final RequestMetric CONNECTS = RequestMetric.of("ws_connecting", "ws_connects", "ws_connect_failed");
    /** Time from the connect to the end of the WebSocket handshake: the duration of {@link #CONNECTS}. */
    public static final Metric CONNECTING = CONNECTS.duration();
    /**
     * Timed messages: {@code ws_msg_latency}, tagged with their {@code kind}: {@code reply} (a
     * {@link WsConnection#request request} to its reply), {@code await} (an {@link WsConnection#await await}
     * to its message; right after a send, the reply's latency) or {@code push} (a pushed message from its
     * send time); {@code ws_msgs_timed}, their count; {@code ws_msg_failed}, the share of awaits that failed
     * or were cut.
     */
    public static final RequestMetric MESSAGES = RequestMetric.of("ws_msg_latency", "ws_msgs_timed", "ws_msg_failed");
    /** Latency of a reply, an awaited or a pushed message: the duration of {@link #MESSAGES}. */
    public static final Metric MSG_LATENCY = MESSAGES.duration();
    /** Time from the handshake to the close of a connection. */
    public static final Metric SESSION_DURATION = Metric.trend("ws_session_duration");
    /** Connections opened. */
    public static final Metric SESSIONS = Metric.counter("ws_sessions");
    /** Messages sent. */
    public static final Metric MSGS_SENT = Metric.counter("ws_msgs_sent");
    /** Messages received. */
    public static final Metric MSGS_RECEIVED = Metric.counter("ws_msgs_received");
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
        List<Metric> all = new ArrayList<>(CONNECTS.metrics());
        all.addAll(MESSAGES.metrics());
        all.addAll(List.of(SESSION_DURATION, SESSIONS, MSGS_SENT, MSGS_RECEIVED, ERRORS));
        return all;
    }
}
