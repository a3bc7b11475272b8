package dev.loadkit.core.internal.engine;

import dev.loadkit.core.RunSummary;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A service that stalls for one second of every five: 20% of the time, every request waits for the stall
 * to end. An honest tool shows that in p90 and p99; a tool with coordinated omission shows one slow
 * request per stall and a p99 of about the normal latency.
 */
class CoordinatedOmissionTest {

    private static SimulatedService stalling() {
        return SimulatedService.builder()
                .latency(Duration.ofMillis(1))
                .stall(Duration.ofSeconds(5), Duration.ofSeconds(1))
                .build();
    }

    private static UserClass caller(SimulatedService service, ThinkTime thinkTime) {
        return UserClass.named("user").task("call", session -> service.call(session, "call")).thinkTime(thinkTime).build();
    }

    @Test
    void anOpenWorkloadShowsTheStallInTheHighPercentiles() {
        RunSummary summary = VirtualRun.run(Fixtures.test(Workload.constantArrivalRate(100, Duration.ofSeconds(60), 1000),
                caller(stalling(), ThinkTime.none())));

        Distribution latency = summary.metric("sim_req_duration").distribution();
        // The first stall needs more users than the first second's 100: one arrival is dropped, and a user
        // is added for the next ones.
        assertThat(summary.metric("sim_reqs").count() + summary.metric("dropped_iterations").count()).isEqualTo(6000);
        assertThat(summary.metric("dropped_iterations").count()).isLessThanOrEqualTo(2);
        assertThat(latency.median()).isCloseTo(1, within(0.01));
        // A fifth of the requests arrive during a stall and wait for its end: 0 to 1000 ms, evenly.
        assertThat(latency.percentile(90)).isCloseTo(501, within(20.0));
        assertThat(latency.percentile(99)).isCloseTo(951, within(20.0));
        assertThat(latency.max()).isCloseTo(1001, within(2.0));
    }

    @Test
    void aPacedUserThatFallsBehindCountsTheDelayAsLatencyButNotAsServiceTime() {
        // One user who should send every 10 ms. During a stall it waits one second, then catches up: the
        // requests it sends late are fast to serve but late against their schedule.
        RunSummary summary = VirtualRun.run(Fixtures.test(Workload.constantUsers(1, Duration.ofSeconds(60)),
                caller(stalling(), ThinkTime.pacing(Duration.ofMillis(10)))));

        Distribution latency = summary.metric("sim_req_duration").distribution();
        Distribution serviceTime = summary.metric("sim_req_duration").serviceTime();
        assertThat(serviceTime.percentile(99)).isCloseTo(1, within(0.01));
        assertThat(latency.percentile(90)).isGreaterThan(400);
        assertThat(latency.percentile(99)).isGreaterThan(900);
        // The schedule is kept: about 6000 requests in 60 s, as intended.
        assertThat(summary.metric("sim_reqs").count()).isBetween(5900L, 6000L);
    }

    @Test
    void aClosedLoopWithoutPacingShowsOnlyOneSlowRequestPerStall() {
        // The coordinated-omission view, for contrast: the user simply waits, and 11 of about 47,000
        // requests are slow.
        RunSummary summary = VirtualRun.run(Fixtures.test(Workload.constantUsers(1, Duration.ofSeconds(60)),
                caller(stalling(), ThinkTime.none())));

        Distribution latency = summary.metric("sim_req_duration").distribution();
        assertThat(latency.percentile(99)).isCloseTo(1, within(0.01));
        assertThat(latency.max()).isGreaterThan(900);
    }
}
