package dev.loadkit.core.internal.engine;

import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Stage;
import dev.loadkit.core.Workload;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.loadkit.core.internal.engine.Fixtures.caller;
import static dev.loadkit.core.internal.engine.Fixtures.service;
import static dev.loadkit.core.internal.engine.Fixtures.test;
import static org.assertj.core.api.Assertions.assertThat;

/** A run steered while it runs, as from the web dashboard: the new target replaces the rest of the plan. */
class SteeringTest {

    /** The users at the end of every interval. */
    private static final class UsersPerSecond implements Reporter {
        final List<Integer> users = new ArrayList<>();

        @Override
        public void onInterval(IntervalSnapshot snapshot) {
            users.add(snapshot.users());
        }
    }

    @Test
    void constantUsersFollowTheNewCountUntilThePlannedEnd() {
        UsersPerSecond users = new UsersPerSecond();
        VirtualRun run = new VirtualRun();
        run.scheduler().schedule(() -> run.control().steerUsers(20), 4_500, TimeUnit.MILLISECONDS);
        RunSummary summary = run.execute(test(Workload.constantUsers(10, Duration.ofSeconds(10)),
                caller("user", service(Duration.ofMillis(100)))), RunOptions.defaults(), List.of(users));

        assertThat(users.users.subList(0, 4)).containsOnly(10);
        assertThat(users.users.subList(5, 10)).containsOnly(20);
        // 10 users for 4.5 s and 20 for 5.5 s, each doing ten 100 ms iterations a second.
        assertThat(summary.metric("iterations").count()).isEqualTo(10 * 45 + 20 * 55);
        assertThat(summary.duration()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void usersSteeredToZeroDoNotEndTheRunAndCanComeBack() {
        UsersPerSecond users = new UsersPerSecond();
        VirtualRun run = new VirtualRun();
        run.scheduler().schedule(() -> run.control().steerUsers(0), 3_050, TimeUnit.MILLISECONDS);
        run.scheduler().schedule(() -> run.control().steerUsers(4), 6_050, TimeUnit.MILLISECONDS);
        RunSummary summary = run.execute(test(Workload.constantUsers(2, Duration.ofSeconds(10)),
                caller("user", service(Duration.ofMillis(100)))), RunOptions.defaults(), List.of(users));

        assertThat(users.users.subList(3, 6)).containsOnly(0);
        assertThat(users.users.subList(6, 10)).containsOnly(4);
        // Not the end at 3 s: the planned 10 s, then the last iterations finish.
        assertThat(summary.duration()).isBetween(Duration.ofSeconds(10), Duration.ofMillis(10_100));
        // A stopped user finishes the iteration it is in: 31 each of the first two; 40 each of the four after.
        assertThat(summary.metric("iterations").count()).isEqualTo(2 * 31 + 4 * 40);
    }

    @Test
    void aRampStopsAtTheSteeredCount() {
        UsersPerSecond users = new UsersPerSecond();
        VirtualRun run = new VirtualRun();
        run.scheduler().schedule(() -> run.control().steerUsers(5), 2_500, TimeUnit.MILLISECONDS);
        run.execute(test(new Workload.RampingUsers(0, List.of(Stage.of(Duration.ofSeconds(10), 100))),
                caller("user", service(Duration.ofMillis(100)))), RunOptions.defaults(), List.of(users));

        assertThat(users.users).as(users.users.toString()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(users.users.get(1)).isBetween(19, 20);
        assertThat(users.users.subList(3, 10)).containsOnly(5);
    }

    @Test
    void anOpenWorkloadTakesTheNewArrivalRate() {
        VirtualRun run = new VirtualRun();
        run.scheduler().schedule(() -> run.control().steerArrivalRate(300), 5, TimeUnit.SECONDS);
        RunSummary summary = run.execute(test(Workload.constantArrivalRate(100, Duration.ofSeconds(10), 1000),
                caller("user", service(Duration.ofMillis(100)))), RunOptions.defaults(), List.of());

        // 100 a second for 5 s, then 300 a second for 5 s: every arrival at its time, none dropped.
        assertThat(summary.metric("iterations").count()).isEqualTo(500 + 1500);
        assertThat(summary.metric("dropped_iterations").count()).isZero();
    }
}
