package dev.loadkit.redis;

import dev.loadkit.core.Session;
import dev.loadkit.core.Template;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.redis.internal.EpochClock;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A consumer group of a stream: consumers read new messages ({@code XREADGROUP}), acknowledge them
 * ({@code XACK}), look at what is pending ({@code XPENDING}) and claim messages that another consumer left
 * ({@code XAUTOCLAIM}). Every message read is counted in {@code stream_msgs_consumed}, and a stamped one
 * records {@code stream_msg_latency} when read and {@code stream_ack_latency} when acknowledged. The group's
 * lag ({@code XINFO GROUPS}) is sampled into {@code stream_lag} about once a second. Immutable.
 *
 * <pre>{@code
 * StreamGroup workers = tasks.group("workers").tagLatencyBy("type");
 * Task.of("work", session -> workers.read(session, "worker-{userId}", 10, Duration.ofSeconds(1))
 *         .flatMap(entries -> workers.ack(session, entries)));
 * }</pre>
 */
public final class StreamGroup {

    private static final long LAG_SAMPLE_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisStream stream;
    private final String name;
    private final String startId;
    private final String tagField;
    private final Tags readTags;
    private final Tags ackTags;
    private final Tags claimTags;
    private final Tags pendingTags;
    private final Tags lagTags;
    /** Groups created, by stream key, once per protocol. */
    private final Map<String, Mono<Object>> created = new ConcurrentHashMap<>();
    private final AtomicLong lastLagSample = new AtomicLong(Long.MIN_VALUE / 2);

    StreamGroup(RedisStream stream, String name, String startId, String tagField) {
        this.stream = stream;
        this.name = name;
        this.startId = startId;
        this.tagField = tagField;
        String suffix = " " + stream.keyText() + " " + name;
        this.readTags = Tags.of(Tags.NAME, "XREADGROUP" + suffix, "command", "XREADGROUP");
        this.ackTags = Tags.of(Tags.NAME, "XACK" + suffix, "command", "XACK");
        this.claimTags = Tags.of(Tags.NAME, "XAUTOCLAIM" + suffix, "command", "XAUTOCLAIM");
        this.pendingTags = Tags.of(Tags.NAME, "XPENDING" + suffix, "command", "XPENDING");
        this.lagTags = stream.streamTags().and("consumer_group", name);
    }

    /**
     * Where a group created by the first read starts: {@code 0} (the default) delivers every message the
     * stream holds, {@code $} only those added afterwards.
     *
     * @param id the id to start at
     * @return a new group
     */
    public StreamGroup startAt(String id) {
        return new StreamGroup(stream, name, Objects.requireNonNull(id, "id"), tagField);
    }

    /**
     * Tags each message's latency with the value of one of its fields, such as {@code type}, so that each
     * kind of message gets its own {@code stream_msg_latency} series.
     *
     * @param field the field
     * @return a new group
     */
    public StreamGroup tagLatencyBy(String field) {
        return new StreamGroup(stream, name, startId, Objects.requireNonNull(field, "field"));
    }

    /**
     * Reads new messages for a consumer of the group, waiting up to {@code block} for some.
     *
     * @param session the virtual user's session
     * @param consumer the consumer's name; placeholders take session values, such as {@code worker-{userId}}
     * @param count the most messages to read
     * @param block how long to wait when there is none; less than the protocol's command timeout
     * @return the messages, empty when none came or the read failed (counted)
     */
    public Mono<List<StreamEntry>> read(Session session, String consumer, int count, Duration block) {
        if (block.compareTo(stream.redis().commandTimeout()) >= 0) {
            return Mono.error(new IllegalArgumentException("a read blocking " + block.toMillis()
                    + " ms would time out: keep it below the command timeout of " + stream.redis().commandTimeout().toMillis() + " ms"));
        }
        return Mono.defer(() -> {
            String key = stream.key(session);
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("GROUP").add(name)
                    .add(Template.parse(consumer).render(session, text -> text)).add("COUNT").add(count)
                    .add("BLOCK").add(block.toMillis()).add("STREAMS").addKey(key).add(">");
            return ensureGroup(session, key)
                    .then(CommandExchange.run(stream.redis(), session, call(session, readTags, CommandType.XREADGROUP, args)))
                    .map(reply -> consumed(session, reply.failed() ? List.of() : entries(key, firstStreamEntries(reply.value()))))
                    .doOnNext(entries -> sampleLag(session, key));
        });
    }

    /**
     * Acknowledges messages ({@code XACK}); records {@code stream_ack_latency} of the stamped ones.
     *
     * @param session the virtual user's session
     * @param entries the messages, as read
     * @return the reply: how many were acknowledged; empty entries send nothing and reply 0
     */
    public Mono<RedisReply> ack(Session session, List<StreamEntry> entries) {
        if (entries.isEmpty()) {
            return Mono.just(new RedisReply(ackTags.get(Tags.NAME), 0L, null, null, Duration.ZERO));
        }
        return Mono.defer(() -> {
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(entries.get(0).stream()).add(name);
            entries.forEach(entry -> args.add(entry.id()));
            return CommandExchange.run(stream.redis(), session, call(session, ackTags, CommandType.XACK, args))
                    .doOnNext(reply -> {
                        if (!reply.failed()) {
                            for (StreamEntry entry : entries) {
                                if (entry.sentAtMicros() > 0) {
                                    session.metrics().trend(RedisMetrics.STREAM_ACK_LATENCY, latencyTags(entry))
                                            .record(EpochClock.nanosSince(entry.sentAtMicros()));
                                }
                            }
                        }
                    });
        });
    }

    /**
     * How many messages of the group were delivered and not acknowledged ({@code XPENDING}).
     *
     * @param session the virtual user's session
     * @return the count; -1 when the command failed (counted)
     */
    public Mono<Long> pending(Session session) {
        return Mono.defer(() -> {
            String key = stream.key(session);
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(key).add(name);
            return ensureGroup(session, key)
                    .then(CommandExchange.run(stream.redis(), session, call(session, pendingTags, CommandType.XPENDING, args)))
                    .map(reply -> reply.failed() ? -1L : reply.asList().isEmpty() ? 0L : Long.parseLong(String.valueOf(reply.asList().get(0))));
        });
    }

    /**
     * Claims, for a consumer, messages that were delivered to another and left unacknowledged for at least
     * {@code minIdle} ({@code XAUTOCLAIM}): a crashed worker's messages. They count as consumed again.
     *
     * @param session the virtual user's session
     * @param consumer the claiming consumer's name; placeholders take session values
     * @param minIdle how long a message must have been idle
     * @param count the most messages to claim
     * @return the claimed messages
     */
    public Mono<List<StreamEntry>> claimStale(Session session, String consumer, Duration minIdle, int count) {
        return Mono.defer(() -> {
            String key = stream.key(session);
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(key).add(name)
                    .add(Template.parse(consumer).render(session, text -> text)).add(minIdle.toMillis()).add("0-0")
                    .add("COUNT").add(count);
            return ensureGroup(session, key)
                    .then(CommandExchange.run(stream.redis(), session, call(session, claimTags, CommandType.XAUTOCLAIM, args)))
                    .map(reply -> consumed(session, reply.failed() || reply.asList().size() < 2 ? List.of()
                            : entries(key, (List<?>) reply.asList().get(1))));
        });
    }

    private CommandExchange.Call call(Session session, Tags tags, CommandType command, CommandArgs<String, String> args) {
        String group = session.groupPath();
        return new CommandExchange.Call(tags.get(Tags.NAME), group.isEmpty() ? tags : tags.and("group", group), command, args, List.of());
    }

    /** Creates the group (and the stream) once; a group that exists already is fine. */
    private Mono<Object> ensureGroup(Session session, String key) {
        return created.computeIfAbsent(key, k -> {
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("CREATE").addKey(key).add(name)
                    .add(startId).add("MKSTREAM");
            return CommandExchange.unrecorded(stream.redis(), session, CommandType.XGROUP, args)
                    .onErrorResume(error -> error instanceof RedisCommandExecutionException
                            && String.valueOf(error.getMessage()).startsWith("BUSYGROUP"), error -> Mono.just("exists"))
                    // Kept once made; a failure (the server away) is tried again by the next read.
                    .doOnError(error -> created.remove(key))
                    .cache();
        });
    }

    private List<StreamEntry> consumed(Session session, List<StreamEntry> entries) {
        for (StreamEntry entry : entries) {
            Tags tags = latencyTags(entry);
            session.metrics().counter(RedisMetrics.STREAM_MSGS_CONSUMED, stream.streamTags()).add(1);
            if (entry.sentAtMicros() > 0) {
                session.metrics().trend(RedisMetrics.STREAM_MSG_LATENCY, tags).record(EpochClock.nanosSince(entry.sentAtMicros()));
            }
        }
        return entries;
    }

    private Tags latencyTags(StreamEntry entry) {
        if (tagField == null) {
            return stream.streamTags();
        }
        return stream.streamTags().and(tagField, entry.fields().getOrDefault(tagField, ""));
    }

    /** Samples the group's lag, at most once a second for all the users, without recording the command. */
    private void sampleLag(Session session, String key) {
        long now = session.nanoTime();
        long last = lastLagSample.get();
        if (now - last < LAG_SAMPLE_NANOS || !lastLagSample.compareAndSet(last, now)) {
            return;
        }
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("GROUPS").addKey(key);
        CommandExchange.unrecorded(stream.redis(), session, CommandType.XINFO, args).subscribe(groups -> {
            Long lag = lagOf(groups);
            if (lag != null) {
                session.metrics().gauge(RedisMetrics.STREAM_LAG, lagTags).set(lag);
            }
        }, error -> {
            // A server without XINFO GROUPS' lag (older Redis) leaves the gauge unset.
        });
    }

    /** The {@code lag} of this group in an {@code XINFO GROUPS} reply (a list of flat field lists or maps). */
    private Long lagOf(Object groups) {
        if (!(groups instanceof List<?> list)) {
            return null;
        }
        for (Object group : list) {
            Map<String, Object> fields = fields(group);
            if (name.equals(String.valueOf(fields.get("name"))) && fields.get("lag") instanceof Number lag) {
                return lag.longValue();
            }
        }
        return null;
    }

    private static Map<String, Object> fields(Object group) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (group instanceof Map<?, ?> map) {
            map.forEach((field, value) -> fields.put(String.valueOf(field), value));
        } else if (group instanceof List<?> flat) {
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(String.valueOf(flat.get(i)), flat.get(i + 1));
            }
        }
        return fields;
    }

    /**
     * The entries of the one stream an {@code XREADGROUP} read: {@code [[stream, [entries]]]}, or nil. Lettuce's
     * decoder leaves out the outer array of this reply, so {@code [stream, [entries]]} comes too.
     */
    private static List<?> firstStreamEntries(Object value) {
        if (value instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String && pair.get(1) instanceof List<?> entries) {
            return entries;
        }
        if (value instanceof List<?> streams && !streams.isEmpty() && streams.get(0) instanceof List<?> first && first.size() > 1
                && first.get(1) instanceof List<?> entries) {
            return entries;
        }
        if (value instanceof Map<?, ?> byStream && !byStream.isEmpty() && byStream.values().iterator().next() instanceof List<?> entries) {
            return entries;
        }
        return List.of();
    }

    /** Entries from {@code [[id, [field, value, ...]], ...]}; deleted ones (nil fields) are left out. */
    private static List<StreamEntry> entries(String key, List<?> raw) {
        List<StreamEntry> entries = new ArrayList<>(raw.size());
        for (Object item : raw) {
            if (!(item instanceof List<?> pair) || pair.size() < 2 || !(pair.get(1) instanceof List<?> flat)) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            long stamp = 0;
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                String field = String.valueOf(flat.get(i));
                String value = String.valueOf(flat.get(i + 1));
                if (field.equals(RedisStream.STAMP_FIELD)) {
                    stamp = parseStamp(value);
                } else {
                    fields.put(field, value);
                }
            }
            entries.add(new StreamEntry(key, String.valueOf(pair.get(0)), Collections.unmodifiableMap(fields), stamp));
        }
        return entries;
    }

    private static long parseStamp(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
