package dev.loadkit.core.internal.engine;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Stage;
import dev.loadkit.core.ThresholdWindow;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

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
}
