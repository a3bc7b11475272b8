package dev.loadkit.redis;

import dev.loadkit.core.RunSummary;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Streams in consumer groups and pub/sub against a real redis-server: every message once, each with its latency. */
class RedisStreamsTest {

    private static final int MESSAGES = 500;

    @Test
    void aGroupOfConsumersReadsEveryMessageExactlyOnce() throws Exception {
        try (RedisServer server = RedisServer.plain()) {
            Redis redis = Redis.builder().uri(server.uri()).build();
            RedisStream tasks = redis.stream("tasks").maxLen(100_000);
            StreamGroup workers = tasks.group("workers").tagLatencyBy("type");
            Set<String> seen = ConcurrentHashMap.newKeySet();
            List<String> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();

            RunSummary produced = RedisRuns.iterations(redis, 2, MESSAGES / 2,
                    session -> tasks.add(session, Map.of("type", "task_assignment", "from", "user-" + session.userId())));
            RunSummary consumed = RedisRuns.iterations(redis, 3, 60, session -> workers.read(session, "worker-" + session.userId(), 10,
                            Duration.ofMillis(50))
                    .doOnNext(entries -> entries.forEach(entry -> {
                        if (!seen.add(entry.id())) {
                            duplicates.add(entry.id());
                        }
                    }))
                    .flatMap(entries -> workers.ack(session, entries)));

            assertThat(produced.metric("stream_msgs_produced").count()).isEqualTo(MESSAGES);
            assertThat(seen).as(consumed.errors().toString() + consumed.metric("redis_cmds").count()).hasSize(MESSAGES);
            assertThat(duplicates).isEmpty();
            assertThat(consumed.metric("stream_msgs_consumed").count()).isEqualTo(MESSAGES);
            assertThat(consumed.metric("stream_msg_latency", Map.of("type", "task_assignment")).distribution().count()).isEqualTo(MESSAGES);
            assertThat(consumed.metric("stream_ack_latency").distribution().count()).isEqualTo(MESSAGES);
            assertThat(consumed.metric("redis_cmd_failed").trues()).isZero();
            // The server's own account: nothing pending, everything read by the group, no lag.
            assertThat(server.cli("XPENDING", "tasks", "workers").lines().findFirst().orElseThrow().trim()).isEqualTo("0");
            String groups = server.cli("XINFO", "GROUPS", "tasks");
            assertThat(groups).contains("entries-read\n" + MESSAGES).contains("lag\n0");
            // The group's lag was sampled from the server (XINFO GROUPS) into its own gauge series.
            assertThat(consumed.metrics().series()).anySatisfy(series -> {
                assertThat(series.metric().name()).isEqualTo("stream_lag");
                assertThat(series.tags().get("consumer_group")).isEqualTo("workers");
                assertThat(series.value()).isGreaterThanOrEqualTo(0);
            });
        }
    }

    @Test
    void staleMessagesAreClaimedByAnotherConsumer() throws Exception {
        try (RedisServer server = RedisServer.plain()) {
            Redis redis = Redis.builder().uri(server.uri()).build();
            RedisStream jobs = redis.stream("jobs");
            StreamGroup group = jobs.group("crew");
            List<Long> pendingSeen = new java.util.concurrent.CopyOnWriteArrayList<>();

            RunSummary summary = RedisRuns.iterations(redis, 1, 1, session -> Flux.range(0, 5)
                    .concatMap(i -> jobs.add(session, Map.of("n", Integer.toString(i))))
                    // A consumer that reads and never acknowledges: it crashed.
                    .then(group.read(session, "crashed", 10, Duration.ofMillis(50)))
                    .then(group.pending(session)).doOnNext(pendingSeen::add)
                    .then(group.claimStale(session, "rescuer", Duration.ZERO, 10))
                    .flatMap(claimed -> group.ack(session, claimed))
                    .then(group.pending(session)).doOnNext(pendingSeen::add));

            assertThat(pendingSeen).containsExactly(5L, 0L);
            // Read once by the crashed consumer, once more by the rescuer.
            assertThat(summary.metric("stream_msgs_consumed").count()).isEqualTo(10);
            assertThat(summary.metric("redis_cmd_failed").trues()).isZero();
        }
    }

    @Test
    void subscribersRecordEachPublishedMessagesLatency() throws Exception {
        try (RedisServer server = RedisServer.plain()) {
            Redis redis = Redis.builder().uri(server.uri()).build();
            RedisPublisher news = redis.publisher("news");
            List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();

            RunSummary summary = RedisRuns.iterations(redis, 1, 1, session -> Flux.merge(
                    redis.subscribe(session, "news").take(20).timeout(Duration.ofSeconds(60)).doOnNext(message -> received.add(message.message())),
                    // Publishes once the subscription is in place: the server then counts one receiver.
                    Mono.defer(() -> news.publish(session, "probe")).repeatWhen(repeat -> repeat.delayElements(Duration.ofMillis(20)))
                            .takeUntil(reply -> reply.asLong() == 1).then()
                            .thenMany(Flux.range(1, 19).concatMap(i -> news.publish(session, "m" + i)))));

            assertThat(received).hasSize(20).endsWith("m19").startsWith("probe");
            assertThat(summary.metric("pubsub_msgs_received").count()).isEqualTo(20);
            assertThat(summary.metric("pubsub_msg_latency").distribution().count()).isEqualTo(20);
        }
    }
}
