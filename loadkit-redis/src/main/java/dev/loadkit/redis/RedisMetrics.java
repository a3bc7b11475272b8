package dev.loadkit.redis;

import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.RequestMetric;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of the Redis driver. Commands carry the tags {@code name} (the request's name) and
 * {@code command} (such as {@code SET} or {@code XREADGROUP}); stream metrics carry {@code stream} (the
 * stream's name as the test wrote it, so that per-user keys share a series) and, when a group reads them
 * tagged, the tag it names; pub/sub metrics carry {@code channel}.
 */
public final class RedisMetrics {

    /** {@code redis_cmd_duration} (from the intended start to the reply), {@code redis_cmds} and {@code redis_cmd_failed}. */
    public static final RequestMetric COMMANDS = RequestMetric.of("redis_cmd_duration", "redis_cmds", "redis_cmd_failed");
    /** Stream messages added ({@code XADD}). */
    public static final Metric STREAM_MSGS_PRODUCED = Metric.counter("stream_msgs_produced");
    /** Stream messages read by consumers of a group ({@code XREADGROUP}, {@code XAUTOCLAIM}). */
    public static final Metric STREAM_MSGS_CONSUMED = Metric.counter("stream_msgs_consumed");
    /** From a message's {@code XADD} to its reading by a consumer, for messages a loadkit producer stamped. */
    public static final Metric STREAM_MSG_LATENCY = Metric.trend("stream_msg_latency");
    /** From a message's {@code XADD} to its acknowledgement ({@code XACK}), for stamped messages. */
    public static final Metric STREAM_ACK_LATENCY = Metric.trend("stream_ack_latency");
    /** Entries of a stream that its group has not read yet (Redis's {@code lag} of {@code XINFO GROUPS}), sampled. */
    public static final Metric STREAM_LAG = Metric.gauge("stream_lag");
    /** Messages published ({@code PUBLISH}). */
    public static final Metric PUBSUB_MSGS_PUBLISHED = Metric.counter("pubsub_msgs_published");
    /** Messages received by subscribers. */
    public static final Metric PUBSUB_MSGS_RECEIVED = Metric.counter("pubsub_msgs_received");
    /** From a message's {@code PUBLISH} to its receipt by a subscriber, for messages a loadkit publisher stamped. */
    public static final Metric PUBSUB_MSG_LATENCY = Metric.trend("pubsub_msg_latency");

    private RedisMetrics() {
    }

    /**
     * Every metric of the driver.
     *
     * @return the definitions
     */
    public static List<Metric> all() {
        List<Metric> all = new ArrayList<>(COMMANDS.metrics());
        all.addAll(List.of(STREAM_MSGS_PRODUCED, STREAM_MSGS_CONSUMED, STREAM_MSG_LATENCY, STREAM_ACK_LATENCY, STREAM_LAG,
                PUBSUB_MSGS_PUBLISHED, PUBSUB_MSGS_RECEIVED, PUBSUB_MSG_LATENCY));
        return all;
    }
}
