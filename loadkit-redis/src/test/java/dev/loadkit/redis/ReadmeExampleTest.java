package dev.loadkit.redis;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Redis example, as written there, against a real server named by --host. */
class ReadmeExampleTest {

    @Test
    void theReadmesExampleRunsWithoutAFailure() throws Exception {
        try (RedisServer server = RedisServer.plain()) {
            Redis redis = Redis.builder().uri("redis://127.0.0.1:6379").build();      // or --host redis://...; rediss:// for TLS
            RedisRequest claim = redis.command("SET", "lock:{taskId}", "{agentId}", "NX", "PX", "30000")
                    .name("claim task").check(RedisChecks.value().is("OK"));
            RedisStream tasks = redis.stream("tasks").maxLen(100_000);                 // XADD ... MAXLEN ~ 100000
            StreamGroup workers = tasks.group("workers").tagLatencyBy("type");         // stream_msg_latency{type:...}
            RedisPublisher status = redis.publisher("system_status");

            UserClass orchestrator = UserClass.named("orchestrator")
                    .task("assign", s -> tasks.add(s, Map.of("type", "task_assignment", "task", "t-" + s.userId())))
                    .task("status", s -> status.publish(s, "ok"))
                    .build();
            UserClass agent = UserClass.named("agent")
                    .task("work", s -> workers.read(s, "agent-" + s.userId(), 10, Duration.ofMillis(500))
                            .flatMap(entries -> workers.ack(s, entries)))
                    .task("listen", s -> redis.subscribe(s, "system_status").take(Duration.ofSeconds(1)).then())
                    .build();

            RunSummary summary = LoadTest.named("readme").users(orchestrator, agent).protocol(redis)
                    .workload(Workload.constantUsers(4, Duration.ofSeconds(6))).gracefulStop(Duration.ofSeconds(10)).build()
                    .execute(RunOptions.builder().host(server.uri()).build());

            assertThat(claim.name()).isEqualTo("claim task");
            assertThat(summary.errors()).isEmpty();
            assertThat(summary.metric("stream_msgs_produced").count()).isPositive();
            assertThat(summary.metric("stream_msgs_consumed").count()).isPositive();
            assertThat(summary.metric("redis_cmd_failed").trues()).isZero();
        }
    }
}
