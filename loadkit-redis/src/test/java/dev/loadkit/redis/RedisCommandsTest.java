package dev.loadkit.redis;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.ErrorCount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;

import static dev.loadkit.redis.RedisChecks.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Commands and pipelines against a real redis-server, counted as the server counts them. */
class RedisCommandsTest {

    private static RedisServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.plain();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
    }

    private static Redis redis() {
        return Redis.builder().uri(server.uri()).build();
    }

    @Test
    void commandsAreCountedAsTheServerCountsThem() throws Exception {
        long sets = server.calls("set");
        long gets = server.calls("get");
        Redis redis = redis();
        RedisRequest set = redis.set("user:{userId}", "name-{userId}").name("set user");
        RedisRequest get = redis.get("user:{userId}").name("get user").check(value().saveAs("name"));

        RunSummary summary = RedisRuns.iterations(redis, 3, 10, session -> Mono.fromRunnable(() -> session.set("userId", session.userId()))
                .then(set.run(session)).then(get.run(session))
                .doOnNext(reply -> assertThat(reply.asString()).contains("name-" + session.userId())));

        assertThat(server.calls("set") - sets).isEqualTo(30);
        assertThat(server.calls("get") - gets).isEqualTo(30);
        assertThat(summary.metric("redis_cmds").count()).isEqualTo(60);
        assertThat(summary.metric("redis_cmd_failed").trues()).isZero();
        assertThat(summary.metric("checks").trues()).isEqualTo(30);
        assertThat(summary.errors()).isEmpty();
        // The driver's own connect-and-PING before the run reached the server.
        assertThat(summary.warnings()).noneMatch(warning -> warning.contains("could not reach"));
    }

    @Test
    void aPipelineSendsEveryCommandAndRecordsEach() throws Exception {
        Redis redis = redis();
        RedisPipeline incrs = redis.pipeline(redis.incr("pipelined"), redis.incr("pipelined"), redis.incr("pipelined"),
                redis.incr("pipelined"), redis.incr("pipelined"));

        RunSummary summary = RedisRuns.iterations(redis, 2, 4, incrs::run);

        assertThat(summary.metric("redis_cmds").count()).isEqualTo(40);
        assertThat(server.cli("GET", "pipelined").trim()).isEqualTo("40");
    }

    @Test
    void anErrorReplyCountsOnceUnderTheServersCode() {
        Redis redis = redis();
        RedisRequest push = redis.lpush("a-list", "x");
        RedisRequest incr = redis.incr("a-list").name("incr a list");

        RunSummary summary = RedisRuns.iterations(redis, 1, 3, session -> push.run(session).then(incr.run(session)));

        assertThat(RedisRuns.errorsOf(summary, "incr a list")).extracting(ErrorCount::kind, ErrorCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("WRONGTYPE", 3L));
        assertThat(summary.metric("redis_cmd_failed").trues()).isEqualTo(3);
    }

    @Test
    void anyCommandByNameAndAFailedCheck() {
        Redis redis = redis();
        RedisRequest echo = redis.command("ECHO", "hello {userId}").name("echo").check(value().is("hello 0"));

        RunSummary summary = RedisRuns.iterations(redis, 1, 2, session -> Mono.fromRunnable(() -> session.set("userId", 1))
                .then(echo.run(session)));

        assertThat(RedisRuns.errorsOf(summary, "echo")).as(summary.errors().toString()).extracting(ErrorCount::kind).containsExactly("check");
        assertThat(summary.metric("redis_cmd_failed").trues()).isEqualTo(2);
    }

    @Test
    void aCommandCutByTheEndOfTheRunIsCountedOnceAsInterrupted() {
        Redis redis = redis();
        // Blocks for 30 s on a list nobody fills: the run's end (1 s, then 0.2 s of graceful stop) cuts it.
        RedisRequest blocked = redis.command("BLPOP", "nobody-fills-this", "30").name("blpop");
        RunSummary summary = LoadTest.named("cut").users(UserClass.named("user").task("wait", blocked::run).build())
                .protocol(redis).workload(Workload.constantUsers(1, Duration.ofSeconds(1)))
                .gracefulStop(Duration.ofMillis(200)).build().execute(RunOptions.builder().build());

        assertThat(summary.metric("redis_cmds").count()).isEqualTo(1);
        assertThat(RedisRuns.errorsOf(summary, "blpop")).extracting(ErrorCount::kind, ErrorCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("interrupted", 1L));
    }

    @Test
    void aRunVariableNamedByTheDriverReplacesItsUri() {
        // Port 1 has no server: only the variable's URI reaches one.
        Redis redis = Redis.builder().uri("redis://127.0.0.1:1").uriVariable("bus").build();
        RedisRequest ping = redis.command("PING").name("ping").check(value().is("PONG"));
        RunSummary summary = RedisRuns.run(redis, UserClass.named("user").task("ping", ping::run).build(),
                Workload.perUserIterations(1, 3, Duration.ofMinutes(1)), RunOptions.builder().variable("bus", server.uri()).build());

        assertThat(summary.metric("redis_cmds").count()).isEqualTo(3);
        assertThat(summary.errors()).isEmpty();
    }
}
