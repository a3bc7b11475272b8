package dev.loadkit.redis;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.RunningTest;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.RunStart;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A server that restarts mid-run, TLS that must be trusted, and a password that must never be shown. */
class RedisResilienceTest {

    @Test
    void commandsFailWhileTheServerRestartsAndSucceedAgainAfter() throws Exception {
        try (RedisServer server = RedisServer.plain()) {
            Redis redis = Redis.builder().uri(server.uri()).build();
            RedisRequest incr = redis.incr("counter").name("incr");
            UserClass user = UserClass.named("user").thinkTime(ThinkTime.constant(Duration.ofMillis(20)))
                    .task("incr", incr::run).build();
            RunningTest running = LoadTest.named("restart").users(user).protocol(redis)
                    .workload(Workload.constantUsers(3, Duration.ofSeconds(20))).build().start(RunOptions.builder().build());

            awaitValue(server, 10);
            server.stop();
            Thread.sleep(2000);
            server.start();
            RunSummary summary = running.await();

            // The restarted server holds no data: every INCR it counts came after the restart.
            long afterRestart = Long.parseLong(server.cli("GET", "counter").trim());
            assertThat(afterRestart).isPositive();
            assertThat(RedisRuns.errorsOf(summary, "incr")).extracting(ErrorCount::kind).containsOnly("connection");
            assertThat(summary.metric("redis_cmd_failed").trues()).isPositive();
            assertThat(summary.metric("vus").max()).isEqualTo(3);
            assertThat(summary.errors()).allMatch(error -> error.name().equals("incr"));
        }
    }

    private static void awaitValue(RedisServer server, long count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String value = server.cli("GET", "counter").trim();
            if (!value.isEmpty() && Long.parseLong(value) >= count) {
                return;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedAndATrustedOneAccepted() throws Exception {
        try (RedisServer server = RedisServer.tls()) {
            Redis untrusted = Redis.builder().uri(server.uri()).build();
            RedisRequest ping = untrusted.command("PING").name("ping");
            RunSummary refused = RedisRuns.iterations(untrusted, 1, 2, ping::run);

            assertThat(refused.metric("redis_cmd_failed").trues()).isEqualTo(2);
            assertThat(RedisRuns.errorsOf(refused, "ping")).extracting(ErrorCount::kind).containsOnly("tls");

            Redis trusted = Redis.builder().uri(server.uri()).trustedCertificates(server.certificatePem()).build();
            RedisRequest trustedPing = trusted.command("PING").name("ping");
            RunSummary accepted = RedisRuns.iterations(trusted, 1, 2, trustedPing::run);

            assertThat(accepted.metric("redis_cmd_failed").trues()).isZero();
        }
    }

    @Test
    void aPasswordNeverReachesAReport() throws Exception {
        try (RedisServer server = RedisServer.withPassword("s3cret-pw")) {
            Redis redis = Redis.builder().uri(server.uri()).build();
            Redis wrong = Redis.builder().uri(server.uri().replace("s3cret-pw", "wrong-pw")).build();
            StringBuilder reported = new StringBuilder();
            Reporter reporter = new Reporter() {
                @Override
                public void onStart(RunStart start) {
                    reported.append(start);
                }

                @Override
                public void onEnd(RunSummary summary) {
                    reported.append(summary);
                }
            };

            RunSummary summary = LoadTest.named("password").users(UserClass.named("user")
                            .task("set", redis.set("k", "v")::run).build())
                    .protocol(redis).workload(Workload.perUserIterations(1, 2, Duration.ofMinutes(1))).build()
                    .execute(RunOptions.builder().reporter(reporter).build());
            RunSummary refused = RedisRuns.iterations(wrong, 1, 1, wrong.get("k")::run);

            assertThat(summary.metric("redis_cmd_failed").trues()).isZero();
            // What every report is written from: the run's start (its header's host) and its summary.
            assertThat(reported.toString()).doesNotContain("s3cret-pw").contains("redis://:***@127.0.0.1");
            assertThat(refused.errors()).isNotEmpty().allSatisfy(error -> assertThat(error.message()).doesNotContain("wrong-pw"));
        }
    }
}
