package dev.loadkit.grpc;

import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.RequestMetric;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of the gRPC driver, with k6's names where k6 has them. Calls carry the tags {@code name}
 * (the call's name), {@code method} (the full method name, {@code package.Service/Method}) and
 * {@code status} (the status code, such as {@code OK} or {@code UNAVAILABLE}); the per-message metrics of
 * streams carry {@code name} and {@code method}.
 */
public final class GrpcMetrics {

    /**
     * {@code grpc_req_duration} (from the intended start to the call's status: for a stream, its whole
     * life), {@code grpc_reqs} and {@code grpc_req_failed}.
     */
    public static final RequestMetric REQUESTS = RequestMetric.of("grpc_req_duration", "grpc_reqs", "grpc_req_failed");
    /** Streaming calls (server, client or bidi), counted when they end. */
    public static final Metric STREAMS = Metric.counter("grpc_streams");
    /** Messages sent on streaming calls. */
    public static final Metric STREAM_MSGS_SENT = Metric.counter("grpc_stream_msgs_sent");
    /** Messages received on streaming calls. */
    public static final Metric STREAM_MSGS_RECEIVED = Metric.counter("grpc_stream_msgs_received");
    /**
     * From sending a message on a stream to receiving its reply, for calls that correlate them
     * ({@link GrpcCall#correlate}).
     */
    public static final Metric STREAM_MSG_LATENCY = Metric.trend("grpc_stream_msg_latency");

    private GrpcMetrics() {
    }

    /**
     * Every metric of the driver.
     *
     * @return the definitions
     */
    public static List<Metric> all() {
        List<Metric> all = new ArrayList<>(REQUESTS.metrics());
        all.addAll(List.of(STREAMS, STREAM_MSGS_SENT, STREAM_MSGS_RECEIVED, STREAM_MSG_LATENCY));
        return all;
    }
}
