package dev.loadkit.http;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * An open model against a real 50 ms server: no arrival is dropped while users are available, the
 * achieved rate is the asked one, and a slow start of the generator is either absent from the
 * percentiles or named by a {@code generator_lag} warning, never silently blamed on the target.
 */
class OpenModelHonestyTest {

    private static final double RATE = 50;
    private static final Duration LENGTH = Duration.ofSeconds(10);

    @Test
    void aColdOpenModelDropsNothingAndExplainsItsLatency() throws Exception {
        try (TestServer server = new TestServer(TestServer.Mode.HTTP_1_1)) {
            RunSummary summary = test(server, Duration.ZERO).execute();

            assertHonest(summary, 150);
        }
    }

    @Test
    void withAWarmUpTheTargetsLatencyIsWhatIsMeasured() throws Exception {
        try (TestServer server = new TestServer(TestServer.Mode.HTTP_1_1)) {
            RunSummary summary = test(server, Duration.ofSeconds(5)).execute();

            assertHonest(summary, 100);
            // The warm-up's requests reached the server but not the measured counts.
            assertThat(server.requests.get()).isGreaterThan(summary.metric("http_reqs").count());
        }
    }

    /** Exactly the scheduled arrivals, none dropped; a p99 over the bound only with a warning that explains it. */
    private static void assertHonest(RunSummary summary, double p99BoundMillis) {
        long scheduled = Math.round(RATE * LENGTH.toSeconds());
        assertThat(summary.metric("dropped_iterations").count()).isZero();
        assertThat(summary.metric("http_reqs").count()).isEqualTo(scheduled);
        assertThat(summary.metric("http_reqs").rate()).isCloseTo(RATE, within(RATE / 100));
        double p99 = summary.metric("http_req_duration").distribution().percentile(99);
        if (p99 >= p99BoundMillis) {
            assertThat(summary.warnings()).as("p99 %.1f ms must be explained by the generator's lag", p99)
                    .anySatisfy(warning -> assertThat(warning).containsAnyOf("generator lagging", "generator was saturated",
                            "machine was saturated"));
        }
    }

    private static LoadTest test(TestServer server, Duration warmUp) {
        Http http = Http.builder().baseUrl(server.url()).build();
        HttpRequest request = http.get("/delay/50").name("slow");
        return LoadTest.named("open model")
                .users(UserClass.named("client").task(Task.of("request", request::run)).build())
                .protocol(http)
                .workload(Workload.constantArrivalRate(RATE, LENGTH, 100))
                .warmUp(warmUp)
                .gracefulStop(Duration.ofSeconds(10))
                .build();
    }
}
