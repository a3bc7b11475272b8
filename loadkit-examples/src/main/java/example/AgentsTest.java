package example;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.redis.Redis;
import dev.loadkit.redis.RedisPublisher;
import dev.loadkit.redis.RedisStream;
import dev.loadkit.redis.StreamGroup;

import java.time.Duration;
import java.util.Map;

/**
 * Orchestrators hand tasks to agents through a Redis (or DragonflyDB) stream and publish their status; agents
 * read the tasks in a consumer group and listen. Each message's latency from producer to consumer is recorded.
 */
public final class AgentsTest {

    private AgentsTest() {
    }

    /**
     * The test.
     *
     * @return the test
     */
    public static LoadTest test() {
        Redis redis = Redis.builder().uri("redis://127.0.0.1:6379").build();      // or --host redis://...; rediss:// for TLS
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

        return LoadTest.named("agents").users(orchestrator, agent).protocol(redis)
                .workload(Workload.constantUsers(10, Duration.ofMinutes(1)))
                .threshold("stream_msg_latency{type:task_assignment}: p(95)<1000")
                .threshold("redis_cmd_failed: rate<0.01")
                .build();
    }

    /**
     * Runs the test on the shared command line.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        test().run(args);
    }
}
