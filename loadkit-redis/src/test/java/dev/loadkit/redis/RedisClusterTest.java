package dev.loadkit.redis;

import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A Redis Cluster of three real nodes: each command goes to its key's node, streams and groups included. */
class RedisClusterTest {

    @TempDir
    Path folder;

    @Test
    void commandsAndStreamsReachTheNodesOfTheirKeys() throws Exception {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServer.clusterNode(folder));
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            nodes.get(0).cli(create.toArray(String[]::new));
            awaitClusterOk(nodes.get(0));

            Redis redis = Redis.builder().uri(nodes.get(0).uri()).cluster().build();
            RedisRequest set = redis.set("key:{n}", "v");
            RedisStream events = redis.stream("events");
            StreamGroup readers = events.group("readers");
            UserClass user = UserClass.named("user").task("set", session -> Mono.fromRunnable(
                            () -> session.set("n", session.random().nextInt(1_000_000)))
                    .then(set.run(session))
                    .then(events.add(session, Map.of("n", "1")))
                    .then(readers.read(session, "reader-" + session.userId(), 10, Duration.ofMillis(20)))
                    .flatMap(entries -> readers.ack(session, entries)))
                    .build();

            RunSummary summary = RedisRuns.run(redis, user, Workload.perUserIterations(3, 50, Duration.ofMinutes(2)),
                    RunOptions.builder().build());

            assertThat(summary.errors()).isEmpty();
            assertThat(summary.metric("redis_cmd_failed").trues()).isZero();
            long sets = 0;
            for (RedisServer node : nodes) {
                long onNode = node.calls("set");
                assertThat(onNode).as("SETs on the node of port %d", node.port()).isPositive();
                sets += onNode;
            }
            assertThat(sets).isEqualTo(150);
            assertThat(summary.metric("stream_msgs_produced").count()).isEqualTo(150);
        } finally {
            for (RedisServer node : nodes) {
                node.close();
            }
        }
    }

    private static void awaitClusterOk(RedisServer node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && !node.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
            Thread.sleep(100);
        }
        assertThat(node.cli("CLUSTER", "INFO")).contains("cluster_state:ok");
    }
}
