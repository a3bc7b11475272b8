package dev.loadkit.redis;

import dev.loadkit.core.Session;
import dev.loadkit.core.Template;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.redis.internal.EpochClock;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Redis stream: producers add messages ({@code XADD}, trimmed with {@code MAXLEN ~}), consumers read them
 * in groups ({@link #group}). Each message a producer adds is stamped with its time, so that consumers
 * record {@code stream_msg_latency} from producer to consumer, across connections and generators. Immutable.
 *
 * <pre>{@code
 * RedisStream tasks = redis.stream("tasks").maxLen(100_000);
 * Task.of("assign", session -> tasks.add(session, Map.of("type", "task_assignment", "task", "t-" + session.userId())));
 * }</pre>
 */
public final class RedisStream {

    /** The field that carries a message's stamp: microseconds since the epoch when it was added. */
    public static final String STAMP_FIELD = "loadkit-sent-us";

    /**
     * A stamp of the current time, in the format of {@link #STAMP_FIELD}: for a service that relays a message
     * on a virtual user's behalf and copies the stamp the user sent it, so that the consumer's
     * {@code stream_msg_latency} counts from the user's call.
     *
     * @return microseconds since the epoch
     */
    public static long stamp() {
        return EpochClock.micros();
    }

    private final Redis redis;
    private final String keyText;
    private final Template key;
    private final long maxLen;
    private final Tags addTags;
    private final Tags streamTags;

    RedisStream(Redis redis, String key, long maxLen) {
        this.redis = redis;
        this.keyText = Objects.requireNonNull(key, "key");
        this.key = Template.parse(key);
        this.maxLen = maxLen;
        this.addTags = Tags.of(Tags.NAME, "XADD " + key, "command", "XADD");
        this.streamTags = Tags.of("stream", key);
    }

    /**
     * Trims the stream on every add to about this many entries ({@code MAXLEN ~}), so that a long run does
     * not fill the server's memory.
     *
     * @param entries the approximate length to keep
     * @return a new stream
     */
    public RedisStream maxLen(long entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("maxLen must be positive, got " + entries);
        }
        return new RedisStream(redis, keyText, entries);
    }

    /**
     * A consumer group of this stream, created (with the stream) when first read.
     *
     * @param name the group's name
     * @return the group
     */
    public StreamGroup group(String name) {
        return new StreamGroup(this, Objects.requireNonNull(name, "name"), "0", null);
    }

    /**
     * Adds a message, stamped with the time, and counts it in {@code stream_msgs_produced}.
     *
     * @param session the virtual user's session
     * @param fields the message's fields
     * @return the reply: the new entry's id, or a failure
     */
    public Mono<RedisReply> add(Session session, Map<String, String> fields) {
        return Mono.defer(() -> {
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(key(session));
            if (maxLen > 0) {
                args.add("MAXLEN").add("~").add(maxLen);
            }
            args.add("*").add(STAMP_FIELD).add(stamp());
            fields.forEach((field, value) -> args.add(field).addValue(value));
            String group = session.groupPath();
            return CommandExchange.run(redis, session, new CommandExchange.Call("XADD " + keyText,
                            group.isEmpty() ? addTags : addTags.and("group", group), CommandType.XADD, args, List.of()))
                    .doOnNext(reply -> {
                        if (!reply.failed()) {
                            session.metrics().counter(RedisMetrics.STREAM_MSGS_PRODUCED, streamTags).add(1);
                        }
                    });
        });
    }

    Redis redis() {
        return redis;
    }

    String keyText() {
        return keyText;
    }

    String key(Session session) {
        return key.render(session, text -> text);
    }

    Tags streamTags() {
        return streamTags;
    }
}
