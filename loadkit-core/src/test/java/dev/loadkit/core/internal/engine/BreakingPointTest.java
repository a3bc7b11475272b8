package dev.loadkit.core.internal.engine;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Stage;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.ThresholdWindow;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service that saturates beyond 30 requests in flight, under users ramping to 100 and back: the
 * thresholds' sliding windows find where it broke and how long it took to recover once the load dropped.
 */
class BreakingPointTest {

    @Test
    void theSlidingWindowsFindTheBreakingPointAndTheRecovery() {
        SimulatedService saturating = SimulatedService.builder().latency(Duration.ofMillis(10)).capacity(30).build();
        UserClass user = UserClass.named("user").task("call", session -> saturating.call(session, "call")).build();

        RunSummary summary = VirtualRun.run(LoadTest.named("stress").users(user).protocol(saturating)
                .workload(Workload.rampingUsers(Stage.of(Duration.ofSeconds(50), 100), Stage.of(Duration.ofSeconds(20), 0),
                        Stage.of(Duration.ofSeconds(20), 0)))
                .threshold("sim_req_duration: p(95)<25")
                .thresholdWindow(Duration.ofSeconds(5))
                .build());

        // The whole run fails its threshold: most requests were made under overload.
        assertThat(summary.thresholds().get(0).passed()).isFalse();
        ThresholdWindow window = summary.thresholdWindows().get(0);
        // Latency is 10 ms x users/30: 25 ms is crossed near 75 users, reached 37.5 s into the ramp; the
        // 5-second window sees it a little later.
        assertThat(window.firstFailedAtSeconds()).isBetween(38.0, 46.0);
        assertThat(window.usersAtFirstFailure()).isBetween(75, 92);
        assertThat(window.requestRateAtFirstFailure()).isPositive();
        assertThat(window.loadDroppedAtSeconds()).isGreaterThan(50.0);
        assertThat(window.recoverySeconds()).isNotNull().isBetween(0.0, 10.0);
    }

    @Test
    void aThresholdThatNeverFailsHasNoBreakingPoint() {
        SimulatedService fast = SimulatedService.builder().latency(Duration.ofMillis(10)).build();
        UserClass user = UserClass.named("user").task("call", session -> fast.call(session, "call")).build();

        RunSummary summary = VirtualRun.run(LoadTest.named("calm").users(user).protocol(fast)
                .workload(Workload.constantUsers(5, Duration.ofSeconds(20))).threshold("sim_req_duration: p(95)<25").build());

        assertThat(summary.thresholdWindows()).singleElement().satisfies(window -> {
            assertThat(window.firstFailedAtSeconds()).isNull();
            assertThat(window.recoverySeconds()).isNull();
        });
    }

    @Test
    void aRecoveryThresholdPassesWhenTheBrokenThresholdsRecoveredInTime() {
        RunSummary summary = VirtualRun.run(saturated(Stage.of(Duration.ofSeconds(20), 0), Stage.of(Duration.ofSeconds(20), 0))
                .threshold("recovery: <30s").threshold("recovery{metric:sim_req_duration}: <=1ms").build());

        ThresholdWindow window = summary.thresholdWindows().get(0);
        assertThat(window.recoverySeconds()).isNotNull();
        ThresholdResult inTime = verdict(summary, "recovery: <30s");
        assertThat(inTime.passed()).isTrue();
        assertThat(inTime.actual()).isEqualTo(window.recoverySeconds());
        assertThat(inTime.actualText(String::valueOf)).isEqualTo(window.recoverySeconds() + "s");
        assertThat(verdict(summary, "recovery{metric:sim_req_duration}: <=1ms").passed())
                .isEqualTo(window.recoverySeconds() <= 0.001);
        assertThat(summary.exitCode()).isEqualTo(ExitCode.THRESHOLD_FAILED);
    }

    @Test
    void aRecoveryThresholdFailsWhenTheLoadNeverDroppedBeforeTheEnd() {
        // The users stop only as the run ends: that is no drop the service could recover from.
        RunSummary summary = VirtualRun.run(saturated().threshold("recovery: <30s").build());

        assertThat(summary.thresholdWindows().get(0).firstFailedAtSeconds()).isNotNull();
        assertThat(summary.thresholdWindows().get(0).loadDroppedAtSeconds()).isNull();
        ThresholdResult recovery = verdict(summary, "recovery: <30s");
        assertThat(recovery.passed()).isFalse();
        assertThat(recovery.actualText(String::valueOf)).isEqualTo("not recovered");
    }

    @Test
    void aRecoveryThresholdPassesWhenNothingBroke() {
        SimulatedService fast = SimulatedService.builder().latency(Duration.ofMillis(10)).build();
        UserClass user = UserClass.named("user").task("call", session -> fast.call(session, "call")).build();

        RunSummary summary = VirtualRun.run(LoadTest.named("calm").users(user).protocol(fast)
                .workload(Workload.constantUsers(5, Duration.ofSeconds(20)))
                .threshold("sim_req_duration: p(95)<25").threshold("recovery: <1s").build());

        assertThat(verdict(summary, "recovery: <1s")).satisfies(recovery -> {
            assertThat(recovery.passed()).isTrue();
            assertThat(recovery.actual()).isZero();
        });
        assertThat(summary.exitCode()).isEqualTo(ExitCode.PASSED);
    }

    @Test
    void aRecoveryThresholdWithoutAThresholdToJudgeIsRefusedBeforeTheRun() {
        SimulatedService fast = SimulatedService.builder().latency(Duration.ofMillis(10)).build();
        UserClass user = UserClass.named("user").task("call", session -> fast.call(session, "call")).build();
        LoadTest test = LoadTest.named("calm").users(user).protocol(fast)
                .workload(Workload.constantUsers(5, Duration.ofSeconds(20)))
                .threshold("sim_req_failed: rate<0.01").threshold("recovery{metric:sim_req_duration}: <60s").build();

        assertThatThrownBy(() -> VirtualRun.run(test)).isInstanceOf(ConfigurationException.class)
                .hasMessage("threshold 'recovery{metric:sim_req_duration}: <60s' judges how the other thresholds on "
                        + "sim_req_duration recover once the load drops, but there is none; add one, like "
                        + "'sim_req_duration: p(95)<500'");
    }

    /** Users ramping to 100 over 50 s against a service that saturates beyond 30 in flight, then the given stages. */
    private static LoadTest.Builder saturated(Stage... after) {
        SimulatedService saturating = SimulatedService.builder().latency(Duration.ofMillis(10)).capacity(30).build();
        UserClass user = UserClass.named("user").task("call", session -> saturating.call(session, "call")).build();
        List<Stage> stages = new ArrayList<>(List.of(Stage.of(Duration.ofSeconds(50), 100)));
        stages.addAll(List.of(after));
        return LoadTest.named("stress").users(user).protocol(saturating)
                .workload(Workload.rampingUsers(stages.toArray(Stage[]::new)))
                .threshold("sim_req_duration: p(95)<25")
                .thresholdWindow(Duration.ofSeconds(5));
    }

    private static ThresholdResult verdict(RunSummary summary, String expression) {
        return summary.thresholds().stream().filter(result -> result.expression().equals(expression)).findFirst()
                .orElseThrow();
    }
}
