package dev.loadkit.core.internal.engine;

import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Stage;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.UserClassResult;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.LongStream;

import static dev.loadkit.core.internal.engine.Fixtures.Probe;
import static dev.loadkit.core.internal.engine.Fixtures.service;
import static dev.loadkit.core.internal.engine.Fixtures.test;
import static org.assertj.core.api.Assertions.assertThat;

/** The constant and ramping arrival-rate executors: the open workloads. */
class ArrivalRateExecutorsTest {

    private static UserClass probed(String name, Probe probe, SimulatedService service) {
        return UserClass.named(name)
                .task(Task.of("call", session -> probe.mark(session).then(service.call(session, "call"))))
                .build();
    }

    @Test
    void iterationsStartAtTheirIntendedTimes() {
        Probe probe = new Probe();
        RunSummary summary = VirtualRun.run(test(Workload.constantArrivalRate(20, Duration.ofSeconds(10), 100),
                probed("user", probe, service(Duration.ofMillis(120)))));

        assertThat(probe.millis()).containsExactlyElementsOf(LongStream.range(0, 200).map(k -> k * 50).boxed().toList());
        assertThat(summary.metric("iterations").count()).isEqualTo(200);
        assertThat(summary.metric("dropped_iterations").count()).isZero();
        // 120 ms iterations every 50 ms keep three users busy at once, never more; the rate times two
        // seconds of latency (40 users) were created before the start, and no more were needed.
        assertThat(summary.metric("vus").max()).isEqualTo(3);
        assertThat(summary.metric("vus_max").value()).isEqualTo(40);
    }

    @Test
    void whenEveryUserIsBusyIterationsAreDroppedNotDelayed() {
        Probe probe = new Probe();
        RunSummary summary = VirtualRun.run(test(Workload.constantArrivalRate(20, Duration.ofSeconds(10), 5),
                probed("user", probe, service(Duration.ofSeconds(1)))));

        long iterations = summary.metric("iterations").count();
        long dropped = summary.metric("dropped_iterations").count();
        assertThat(iterations + dropped).isEqualTo(200);
        assertThat(iterations).isBetween(45L, 55L);
        // Every iteration that ran started on the 50 ms grid: none was started late.
        assertThat(probe.millis()).allSatisfy(start -> assertThat(start % 50).isZero());
        assertThat(summary.metric("sim_req_duration").distribution().max()).isLessThan(1001);
    }

    @Test
    void aRampingRateStartsTheIntegralOfItsRate() {
        Probe probe = new Probe();
        RunSummary summary = VirtualRun.run(test(Workload.rampingArrivalRate(0, 1000,
                        Stage.of(Duration.ofSeconds(10), 100), Stage.of(Duration.ofSeconds(5), 100)),
                probed("user", probe, service(Duration.ofMillis(10)))));

        assertThat(summary.metric("iterations").count()).isEqualTo(500 + 500);
        assertThat(probe.millis().stream().filter(t -> t < 5000)).hasSize(125);
    }

    @Test
    void usersThatCannotStartLeaveArrivalsDroppedAndTheUserCountBounded() {
        UserClass user = UserClass.named("user")
                .onStart(session -> reactor.core.publisher.Mono.error(new IllegalStateException("login refused")))
                .task("t", session -> reactor.core.publisher.Mono.empty())
                .build();

        RunSummary summary = VirtualRun.run(test(Workload.constantArrivalRate(100, Duration.ofSeconds(10), 50), user));

        assertThat(summary.metric("iterations").count()).isZero();
        assertThat(summary.metric("dropped_iterations").count()).isEqualTo(1000);
        assertThat(summary.metric("vus_max").value()).isLessThanOrEqualTo(50);
    }

    @Test
    void arrivalsHeldForUsersThatNeverFinishStartingAreCountedAsDropped() {
        UserClass user = UserClass.named("user")
                .onStart(session -> reactor.core.publisher.Mono.never())
                .task("t", session -> reactor.core.publisher.Mono.empty())
                .build();

        // Room for a new user per arrival: each arrival waits on a user whose start never ends, and the run
        // still ends, within its duration and graceful stop.
        RunSummary summary = VirtualRun.run(test(Workload.constantArrivalRate(10, Duration.ofSeconds(10), 1000), user));

        assertThat(summary.metric("iterations").count()).isZero();
        assertThat(summary.metric("dropped_iterations").count()).isEqualTo(100);
        // The pre-allocated users' starts never end either: the schedule began without them, and said so.
        assertThat(summary.warnings()).anyMatch(warning -> warning.contains("had not finished onStart"));
    }

    @Test
    void arrivalsFollowTheClassWeights() {
        SimulatedService service = service(Duration.ofMillis(10));
        Probe aProbe = new Probe();
        Probe bProbe = new Probe();
        UserClass a = UserClass.named("a").weight(1).task("t", s -> aProbe.mark(s).then(service.call(s, "a"))).build();
        UserClass b = UserClass.named("b").weight(3).task("t", s -> bProbe.mark(s).then(service.call(s, "b"))).build();

        RunSummary summary = VirtualRun.run(test(Workload.constantArrivalRate(40, Duration.ofSeconds(10), 100), a, b));

        assertThat(aProbe.times).hasSize(100);
        assertThat(bProbe.times).hasSize(300);
        assertThat(summary.userClasses()).extracting(UserClassResult::name).containsExactly("a", "b");
    }
}
