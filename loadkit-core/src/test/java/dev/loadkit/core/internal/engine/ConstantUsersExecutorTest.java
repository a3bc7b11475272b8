package dev.loadkit.core.internal.engine;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.UserClassResult;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Collections;

import static dev.loadkit.core.internal.engine.Fixtures.Probe;
import static dev.loadkit.core.internal.engine.Fixtures.marked;
import static dev.loadkit.core.internal.engine.Fixtures.service;
import static dev.loadkit.core.internal.engine.Fixtures.test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConstantUsersExecutorTest {

    @Test
    void allUsersStartAtOnceAndLoopUntilTheEnd() {
        Probe starts = new Probe();
        SimulatedService service = service(Duration.ofMillis(100));
        RunSummary summary = VirtualRun.run(test(Workload.constantUsers(10, Duration.ofSeconds(10)),
                marked("user", starts, service, ThinkTime.none())));

        assertThat(starts.millis()).hasSize(10).containsOnly(0L);
        assertThat(summary.metric("iterations").count()).isEqualTo(1000);
        assertThat(summary.metric("sim_reqs").count()).isEqualTo(1000);
        assertThat(summary.metric("vus_max").value()).isEqualTo(10);
        assertThat(summary.metric("vus").max()).isEqualTo(10);
        assertThat(summary.metric("sim_req_duration").distribution().median()).isCloseTo(100, within(0.1));
        assertThat(summary.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(summary.passed()).isTrue();
    }

    @Test
    void thinkTimeSpacesTheIterations() {
        Probe starts = new Probe();
        RunSummary summary = VirtualRun.run(test(Workload.constantUsers(2, Duration.ofSeconds(10)),
                marked("user", starts, service(Duration.ofMillis(100)), ThinkTime.constant(Duration.ofMillis(900)))));

        assertThat(summary.metric("iterations").count()).isEqualTo(20);
        assertThat(summary.metric("iterations").rate()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void weightsShareTheUsersExactly() {
        SimulatedService service = service(Duration.ofMillis(10));
        UserClass a = UserClass.named("a").weight(3).task("t", session -> service.call(session, "a")).build();
        UserClass b = UserClass.named("b").weight(10).task("t", session -> service.call(session, "b")).build();
        UserClass c = UserClass.named("c").weight(1).task("t", session -> service.call(session, "c")).build();

        RunSummary summary = VirtualRun.run(test(Workload.constantUsers(14, Duration.ofSeconds(1)), a, b, c));

        assertThat(summary.userClasses()).containsExactly(
                new UserClassResult("a", 3, 3), new UserClassResult("b", 10, 10), new UserClassResult("c", 1, 1));
    }

    @Test
    void tasksArePickedByWeight() {
        SimulatedService service = service(Duration.ofMillis(10));
        UserClass user = UserClass.named("user")
                .task(Task.of("often", session -> service.call(session, "often")).weight(9))
                .task(Task.of("rarely", session -> service.call(session, "rarely")))
                .build();

        RunSummary summary = VirtualRun.run(test(Workload.constantUsers(10, Duration.ofSeconds(10)), user));

        double often = summary.metric("sim_reqs", java.util.Map.of("name", "often")).count();
        double all = summary.metric("sim_reqs").count();
        assertThat(all).isEqualTo(10_000);
        assertThat(often / all).isCloseTo(0.9, within(0.02));
    }

    @Test
    void runningIterationsGetTheGracefulStopThenAreCut() {
        SimulatedService slow = service(Duration.ofSeconds(50));
        LoadTest cut = LoadTest.named("cut").users(Fixtures.caller("user", slow))
                .workload(Workload.constantUsers(1, Duration.ofSeconds(10)))
                .gracefulStop(Duration.ofSeconds(5)).build();
        LoadTest waited = LoadTest.named("waited").users(Fixtures.caller("user", slow))
                .workload(Workload.constantUsers(1, Duration.ofSeconds(10)))
                .gracefulStop(Duration.ofMinutes(1)).build();

        RunSummary cutSummary = VirtualRun.run(cut);
        RunSummary waitedSummary = VirtualRun.run(waited);

        assertThat(cutSummary.duration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(cutSummary.metric("iterations").count()).isZero();
        assertThat(waitedSummary.duration()).isEqualTo(Duration.ofSeconds(50));
        assertThat(waitedSummary.metric("iterations").count()).isEqualTo(1);
    }

    @Test
    void onStartAndOnStopRunOncePerUser() {
        Probe starts = new Probe();
        Probe stops = new Probe();
        SimulatedService service = service(Duration.ofMillis(100));
        UserClass user = UserClass.named("user")
                .onStart(starts::mark)
                .onStop(stops::mark)
                .task("call", session -> service.call(session, "call"))
                .build();

        VirtualRun.run(test(Workload.constantUsers(3, Duration.ofSeconds(1)), user));

        assertThat(starts.users).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(stops.users).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(Collections.max(stops.millis())).isEqualTo(1000L);
    }

    @Test
    void aFailingOnStartStopsTheUserAndIsCounted() {
        UserClass user = UserClass.named("user")
                .onStart(session -> Mono.error(new IllegalStateException("login refused")))
                .task("call", session -> Mono.empty())
                .build();

        RunSummary summary = VirtualRun.run(test(Workload.constantUsers(2, Duration.ofSeconds(1)), user));

        assertThat(summary.metric("iterations").count()).isZero();
        assertThat(summary.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("on start");
            assertThat(error.message()).isEqualTo("IllegalStateException: login refused");
            assertThat(error.count()).isEqualTo(2);
        });
    }
}
