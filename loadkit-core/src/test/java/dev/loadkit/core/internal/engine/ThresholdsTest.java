package dev.loadkit.core.internal.engine;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.Threshold;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThresholdsTest {

    private static final SimulatedService FAST = SimulatedService.builder().latency(Duration.ofMillis(10)).build();
    private static final SimulatedService SLOW = SimulatedService.builder().latency(Duration.ofMillis(300)).build();

    /** 10 users for 10 s: "fast" calls of 10 ms and "slow" calls of 300 ms, alternating by weight. */
    private static LoadTest.Builder mixed() {
        UserClass user = UserClass.named("user")
                .task(Task.of("fast", session -> FAST.call(session, "fast")))
                .task(Task.of("slow", session -> SLOW.call(session, "slow")))
                .build();
        return LoadTest.named("mixed").users(user).protocol(FAST)
                .workload(Workload.constantUsers(10, Duration.ofSeconds(10)));
    }

    private static ThresholdResult only(RunSummary summary) {
        assertThat(summary.thresholds()).hasSize(1);
        return summary.thresholds().get(0);
    }

    @Test
    void passingThresholdsExitZero() {
        RunSummary summary = VirtualRun.run(mixed()
                .threshold("sim_req_duration: p(99)<=301")
                .threshold("sim_req_duration{name:fast}: max<11")
                .threshold("sim_req_failed: rate<0.01")
                .threshold("sim_reqs: count>100")
                .threshold("iterations: rate>10")
                .build());

        assertThat(summary.thresholds()).allMatch(ThresholdResult::passed);
        assertThat(summary.exitCode()).isEqualTo(ExitCode.PASSED);
    }

    @Test
    void aFailingThresholdExitsOneAndReportsTheActualValue() {
        RunSummary summary = VirtualRun.run(mixed().threshold("sim_req_duration{name:slow}: p(95)<250").build());

        ThresholdResult result = only(summary);
        assertThat(result.passed()).isFalse();
        assertThat(result.actual()).isCloseTo(300, within(0.5));
        assertThat(result.condition()).isEqualTo("p(95)<250");
        assertThat(summary.exitCode()).isEqualTo(ExitCode.THRESHOLD_FAILED);
    }

    @Test
    void tagFiltersSelectSeries() {
        RunSummary summary = VirtualRun.run(mixed().threshold("sim_req_duration{name:fast}: avg<11").build());

        assertThat(only(summary).actual()).isCloseTo(10, within(0.05));
    }

    @Test
    void theCommandLinesThresholdsAddToTheTests() {
        RunSummary summary = VirtualRun.run(mixed().threshold("sim_reqs: count>0").build(),
                RunOptions.builder().threshold(Threshold.parse("sim_req_duration: min>=10")).build());

        assertThat(summary.thresholds()).extracting(ThresholdResult::expression)
                .containsExactly("sim_reqs: count>0", "sim_req_duration: min>=10");
    }

    @Test
    void aThresholdOnAnUndefinedMetricFailsAtTheStart() {
        LoadTest test = mixed().threshold("http_req_duration: p(95)<500").build();

        assertThatThrownBy(() -> VirtualRun.run(test))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("threshold 'http_req_duration: p(95)<500' names metric 'http_req_duration', "
                        + "which this test does not define; defined: ");
    }

    @Test
    void anAggregationThatDoesNotFitTheMetricFailsAtTheStart() {
        LoadTest test = mixed().threshold("sim_req_failed: p(95)<1").build();

        assertThatThrownBy(() -> VirtualRun.run(test))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("threshold 'sim_req_failed: p(95)<1': sim_req_failed is a rate, which has no 'p(N)'; use rate");
    }

    @Test
    void customMetricsCanBeRecordedAndJudged() {
        Metric queueDepth = Metric.valueTrend("queue_depth");
        UserClass user = UserClass.named("user")
                .task("measure", session -> FAST.call(session, "poll").doOnNext(ok ->
                        session.metrics().trend(queueDepth, Tags.empty()).record(session.userId())))
                .build();
        RunSummary summary = VirtualRun.run(LoadTest.named("custom").users(user).metric(queueDepth)
                .workload(Workload.constantUsers(4, Duration.ofSeconds(1)))
                .threshold("queue_depth: max<=4").build());

        assertThat(only(summary).passed()).isTrue();
        assertThat(summary.metric("queue_depth").distribution().mean()).isCloseTo(2.5, within(0.01));
    }

    @Test
    void abortOnFailStopsTheRunAfterItsDelay() {
        SimulatedService failing = SimulatedService.builder().latency(Duration.ofMillis(100)).failureRate(0.5).build();
        UserClass user = UserClass.named("user").task("call", session -> failing.call(session, "call")).build();
        RunSummary summary = VirtualRun.run(LoadTest.named("abort").users(user).protocol(failing)
                .workload(Workload.constantUsers(5, Duration.ofMinutes(10)))
                .threshold("sim_req_failed: rate<0.1, abortOnFail, delayAbortEval=10s")
                .build());

        assertThat(summary.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(summary.aborted()).isTrue();
        assertThat(summary.abortReason()).startsWith("threshold 'sim_req_failed: rate<0.1, abortOnFail, delayAbortEval=10s' failed at 10s");
        assertThat(summary.exitCode()).isEqualTo(ExitCode.THRESHOLD_FAILED);
    }

    @Test
    void aThresholdThatStoppedTheRunStaysFailedEvenIfLaterSamplesWouldPassIt() {
        // Failures only in the first two seconds: the rate fails at the first tick, then would recover.
        SimulatedService flaky = SimulatedService.builder().latency(Duration.ofMillis(100)).build();
        UserClass user = UserClass.named("user").task("call", session -> flaky.call(session, "call")
                .doOnNext(ok -> session.check("early", session.nanoTime() > 2_000_000_000L))).build();
        RunSummary summary = VirtualRun.run(LoadTest.named("recovering").users(user).protocol(flaky)
                .workload(Workload.constantUsers(5, Duration.ofSeconds(30)))
                .gracefulStop(Duration.ofSeconds(10))
                .threshold("checks: rate>0.5, abortOnFail")
                .build());

        assertThat(summary.duration()).isLessThan(Duration.ofSeconds(2));
        assertThat(only(summary).passed()).isFalse();
        assertThat(summary.exitCode()).isEqualTo(ExitCode.THRESHOLD_FAILED);
    }

    @Test
    void aThresholdWithNoSamplesToJudgeFails() {
        RunSummary summary = VirtualRun.run(mixed().threshold("sim_req_duration{name:create-vm}: p(95)<500").build());

        assertThat(only(summary).passed()).isFalse();
        assertThat(only(summary).actual()).isNaN();
    }

    @Test
    void aStopRequestEndsTheRunGracefullyWithExitCodeThree() {
        VirtualRun run = new VirtualRun();
        run.scheduler().schedule(() -> run.control().stop("interrupted by SIGINT"), 3, java.util.concurrent.TimeUnit.SECONDS);
        UserClass user = UserClass.named("user").task("call", session -> FAST.call(session, "call")).build();

        RunSummary summary = run.execute(LoadTest.named("stopped").users(user).protocol(FAST)
                .workload(Workload.constantUsers(2, Duration.ofMinutes(5))).threshold("sim_reqs: count>0").build(),
                RunOptions.defaults(), List.of());

        assertThat(summary.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(summary.metric("sim_reqs").count()).isEqualTo(600);
        assertThat(summary.thresholds()).allMatch(ThresholdResult::passed);
        assertThat(summary.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(summary.abortReason()).isEqualTo("interrupted by SIGINT");
    }

    @Test
    void anInterruptCutsRunningIterations() {
        VirtualRun run = new VirtualRun();
        run.scheduler().schedule(() -> run.control().interrupt("stop now"), 3, java.util.concurrent.TimeUnit.SECONDS);
        UserClass user = UserClass.named("user").task("wait", session -> Mono.delay(Duration.ofMinutes(1), session.scheduler())).build();

        RunSummary summary = run.execute(LoadTest.named("interrupted").users(user)
                .workload(Workload.constantUsers(2, Duration.ofMinutes(5))).build(), RunOptions.defaults(), List.of());

        assertThat(summary.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(summary.exitCode()).isEqualTo(ExitCode.ABORTED);
    }
}
