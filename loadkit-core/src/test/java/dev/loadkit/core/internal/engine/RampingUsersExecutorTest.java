package dev.loadkit.core.internal.engine;

import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Stage;
import dev.loadkit.core.ThinkTime;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.UserClassResult;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import static dev.loadkit.core.internal.engine.Fixtures.Probe;
import static dev.loadkit.core.internal.engine.Fixtures.marked;
import static dev.loadkit.core.internal.engine.Fixtures.service;
import static dev.loadkit.core.internal.engine.Fixtures.test;
import static org.assertj.core.api.Assertions.assertThat;

class RampingUsersExecutorTest {

    @Test
    void changesFollowTheStagesLinearly() {
        List<RampingUsersExecutor.Change> changes = RampingUsersExecutor.changes(0, List.of(
                Stage.of(Duration.ofSeconds(10), 5), Stage.of(Duration.ofSeconds(10), 5), Stage.of(Duration.ofSeconds(5), 0)));

        assertThat(changes).extracting(RampingUsersExecutor.Change::users)
                .containsExactly(0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0);
        assertThat(changes).extracting(change -> change.offsetNanos() / 1_000_000_000L)
                .containsExactly(0L, 2L, 4L, 6L, 8L, 10L, 21L, 22L, 23L, 24L, 25L);
    }

    @Test
    void usersStartOnScheduleAndStopGracefullyOnTheWayDown() {
        Probe starts = new Probe();
        Probe stops = new Probe();
        SimulatedService service = service(Duration.ofMillis(700));
        UserClass user = UserClass.named("user")
                .onStart(starts::mark)
                .onStop(stops::mark)
                .task("call", session -> service.call(session, "call"))
                .build();

        RunSummary summary = VirtualRun.run(test(Workload.rampingUsers(
                Stage.of(Duration.ofSeconds(10), 10), Stage.of(Duration.ofSeconds(10), 10), Stage.of(Duration.ofSeconds(10), 0)),
                user));

        assertThat(starts.millis()).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).map(s -> s * 1000).boxed().toList());
        // The j-th user asked to stop, at 21 + j seconds, first finishes its running 700 ms iteration.
        List<Long> stopTimes = stops.millis().stream().sorted().toList();
        assertThat(stopTimes).hasSize(10);
        for (int j = 0; j < 10; j++) {
            assertThat(stopTimes.get(j)).isBetween(21_000L + 1000L * j, 21_000L + 1000L * j + 700);
        }
        assertThat(summary.metric("vus_max").value()).isEqualTo(10);
    }

    @Test
    void spawnRateStartsUsersEvenlyThenHoldsThemUntilTheRunTime() {
        Probe starts = new Probe();
        RunSummary summary = VirtualRun.run(test(Workload.users(10, 2, Duration.ofSeconds(20)),
                marked("user", starts, service(Duration.ofMillis(100)), ThinkTime.constant(Duration.ofMillis(900)))));

        assertThat(starts.millis()).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).map(k -> k * 500).boxed().toList());
        assertThat(summary.duration()).isBetween(Duration.ofSeconds(20), Duration.ofMillis(20_100));
    }

    @Test
    void theClassMixHoldsAtEveryStepOfTheRamp() {
        SimulatedService service = service(Duration.ofMillis(100));
        Probe aStarts = new Probe();
        Probe bStarts = new Probe();
        UserClass a = UserClass.named("a").weight(1).onStart(aStarts::mark).task("t", s -> service.call(s, "a")).build();
        UserClass b = UserClass.named("b").weight(3).onStart(bStarts::mark).task("t", s -> service.call(s, "b")).build();

        RunSummary summary = VirtualRun.run(test(Workload.rampingUsers(
                Stage.of(Duration.ofSeconds(8), 8), Stage.of(Duration.ofSeconds(2), 8)), a, b));

        assertThat(summary.userClasses()).containsExactly(new UserClassResult("a", 1, 2), new UserClassResult("b", 3, 6));
        // Of the first four users, one is an a and three are b's.
        assertThat(aStarts.millis().stream().filter(t -> t <= 4000)).hasSize(1);
        assertThat(bStarts.millis().stream().filter(t -> t <= 4000)).hasSize(3);
    }
}
