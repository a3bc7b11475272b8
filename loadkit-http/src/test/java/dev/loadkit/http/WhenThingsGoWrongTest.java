package dev.loadkit.http;

import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.ErrorKinds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.loadkit.http.HttpChecks.bodyText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promises of "When things go wrong" in the README, against servers that misbehave as real ones do:
 * every started request is counted with the right kind, a run whose every request failed never passes,
 * and each run ends within its duration plus its graceful stop.
 */
class WhenThingsGoWrongTest {

    /** Generous: the run's own end is duration plus graceful stop; the rest is a busy machine's slack. */
    private static final Duration SLACK = Duration.ofSeconds(30);

    @Test
    void requestsCutByTheEndOfTheRunCountAsInterrupted() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.NEVER_ANSWERS)) {
            Http http = Http.builder().baseUrl(server.url()).build();

            RunSummary summary = run(http, http.get("/"), 2, Duration.ofSeconds(2), Duration.ofSeconds(1));

            assertThat(summary.metric("http_reqs").count()).isEqualTo(2).isEqualTo(server.requests.get());
            assertThat(summary.metric("http_req_failed").trues()).isEqualTo(2);
            assertThat(kinds(summary)).containsExactly(Map.entry(ErrorKinds.INTERRUPTED, 2L));
            assertThat(summary.metric("http_req_duration").distribution().min()).isGreaterThanOrEqualTo(2000);
            assertThat(summary.metric("interrupted_iterations").count()).isEqualTo(2);
            assertThat(summary.passed()).isFalse();
            assertThat(summary.exitCode()).isEqualTo(ExitCode.THRESHOLD_FAILED);
        }
    }

    @Test
    void aDrippingBodyTimesOutAtTheResponseDeadline() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.DRIPS)) {
            Http http = Http.builder().baseUrl(server.url()).responseTimeout(Duration.ofMillis(500)).build();

            RunSummary summary = run(http, http.get("/"), 1, Duration.ofSeconds(2), Duration.ofSeconds(1));

            assertThat(kinds(summary)).containsKey("response timeout");
            assertThat(kinds(summary).keySet()).isSubsetOf("response timeout", ErrorKinds.INTERRUPTED);
            assertThat(summary.metric("http_reqs").count()).isEqualTo(server.requests.get());
            assertThat(summary.metric("http_req_failed").trues()).isEqualTo(summary.metric("http_reqs").count());
            assertThat(summary.passed()).isFalse();
        }
    }

    @Test
    void aServerSilentAfterItsHeadersHitsTheIdleTimeout() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.SILENT_AFTER_HEADERS)) {
            Http http = Http.builder().baseUrl(server.url()).idleTimeout(Duration.ofMillis(300)).build();

            RunSummary summary = run(http, http.get("/"), 1, Duration.ofSeconds(2), Duration.ofSeconds(1));

            assertThat(kinds(summary)).containsKey("idle timeout");
            assertThat(kinds(summary).keySet()).isSubsetOf("idle timeout", ErrorKinds.INTERRUPTED);
            assertThat(summary.metric("http_reqs").count()).isEqualTo(server.requests.get());
        }
    }

    @Test
    void resetsEarlyClosesAndGarbageAreFailuresOfTheirKind() throws Exception {
        Map<MisbehavingServer.Behaviour, String> expected = Map.of(
                MisbehavingServer.Behaviour.RESETS, "reset",
                MisbehavingServer.Behaviour.CLOSES_AFTER_HEADERS, "reset",
                MisbehavingServer.Behaviour.GARBAGE, "protocol",
                MisbehavingServer.Behaviour.BAD_STATUS_LINE, "protocol");
        for (Map.Entry<MisbehavingServer.Behaviour, String> entry : expected.entrySet()) {
            try (MisbehavingServer server = new MisbehavingServer(entry.getKey())) {
                Http http = Http.builder().baseUrl(server.url()).build();

                RunSummary summary = run(http, http.get("/"), 2, Duration.ofSeconds(1), Duration.ofSeconds(1));

                assertThat(kinds(summary)).as("%s %s", entry.getKey(), summary.errors()).containsKey(entry.getValue());
                assertThat(kinds(summary).keySet()).as("%s", entry.getKey()).isSubsetOf(entry.getValue(), ErrorKinds.INTERRUPTED);
                assertThat(summary.metric("http_reqs").count()).as("%s", entry.getKey()).isPositive()
                        .isEqualTo(summary.metric("http_req_failed").trues());
                assertThat(summary.exitCode()).isEqualTo(ExitCode.THRESHOLD_FAILED);
            }
        }
    }

    @Test
    void aHugeBodyIsNeverBufferedPastTheLimit() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.HUGE_BODY)) {
            Http http = Http.builder().baseUrl(server.url()).maxBodySize(1024 * 1024).build();

            RunSummary kept = run(http, http.get("/").check(bodyText().contains("x")), 8, Duration.ofSeconds(2), Duration.ofSeconds(1));

            assertThat(kinds(kept)).containsKey("body too large");
            assertThat(kinds(kept).keySet()).isSubsetOf("body too large", ErrorKinds.INTERRUPTED);
            assertThat(kept.metric("http_req_failed").trues()).isEqualTo(kept.metric("http_reqs").count());
        }
    }

    @Test
    void aDiscardedBodyIsStreamedAndCountedWhateverItsSize() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.HUGE_BODY)) {
            Http http = Http.builder().baseUrl(server.url()).build();

            RunSummary streamed = run(http, http.get("/").discardBody(), 2, Duration.ofSeconds(3), Duration.ofSeconds(30));

            long completed = streamed.metric("http_reqs").count() - streamed.metric("http_req_failed").trues();
            assertThat(completed).isPositive();
            assertThat(streamed.metric("data_received").count()).isGreaterThanOrEqualTo(completed * 200L * 1024 * 1024);
        }
    }

    @Test
    void tlsAgainstASilentPlainServerIsCountedAndFails() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.NEVER_ANSWERS)) {
            Http http = Http.builder().baseUrl(server.url().replace("http:", "https:")).trustAllCertificates().build();

            RunSummary summary = run(http, http.get("/"), 2, Duration.ofSeconds(2), Duration.ofSeconds(1));

            assertThat(summary.metric("http_reqs").count()).isEqualTo(2);
            assertThat(kinds(summary).keySet()).isSubsetOf("tls", ErrorKinds.INTERRUPTED);
            assertThat(summary.passed()).isFalse();
        }
    }

    @Test
    void theHostFlagWinsOverTheBaseUrlInTheCode() throws Exception {
        try (TestServer inCode = new TestServer(TestServer.Mode.HTTP_1_1); TestServer flag = new TestServer(TestServer.Mode.HTTP_1_1)) {
            Http http = Http.builder().baseUrl(inCode.url()).build();
            LoadTest test = test(http, http.get("/hello"), 2, Duration.ofSeconds(1), Duration.ofSeconds(5));

            RunSummary summary = test.execute(RunOptions.builder().host(flag.url()).build());

            assertThat(flag.requests.get()).isPositive().isEqualTo(summary.metric("http_reqs").count());
            assertThat(inCode.requests.get()).isZero();
            assertThat(summary.parameters()).containsEntry("host", flag.url());
        }
    }

    @Test
    void aFailedRequestCountsOnceInTheErrors() throws Exception {
        try (TestServer server = new TestServer(TestServer.Mode.HTTP_1_1)) {
            Http http = Http.builder().baseUrl(server.url()).build();

            Runs runs = Runs.iterations(http, 2, 3, http.get("/status/503").name("unavailable")
                    .check(bodyText().contains("ok"), HttpChecks.status().is(200))::run);

            assertThat(runs.summary.errors()).singleElement().satisfies(error -> {
                assertThat(error.kind()).isEqualTo("status 503");
                assertThat(error.count()).isEqualTo(6);
            });
            assertThat(runs.summary.checks()).hasSize(2).allSatisfy(check -> assertThat(check.fails()).isEqualTo(6));
        }
    }

    private static RunSummary run(Http http, HttpRequest request, int users, Duration duration, Duration gracefulStop) {
        long start = System.nanoTime();
        RunSummary summary = test(http, request, users, duration, gracefulStop).execute();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(duration.plus(gracefulStop).plus(SLACK));
        return summary;
    }

    private static LoadTest test(Http http, HttpRequest request, int users, Duration duration, Duration gracefulStop) {
        return LoadTest.named("misbehaving")
                .users(UserClass.named("user").task(Task.of("request", request::run)).build())
                .protocol(http)
                .workload(Workload.constantUsers(users, duration))
                .gracefulStop(gracefulStop)
                .build();
    }

    private static Map<String, Long> kinds(RunSummary summary) {
        return summary.errors().stream().collect(Collectors.groupingBy(ErrorCount::kind, Collectors.summingLong(ErrorCount::count)));
    }
}
