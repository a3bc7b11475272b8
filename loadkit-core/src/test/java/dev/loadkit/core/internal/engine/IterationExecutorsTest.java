package dev.loadkit.core.internal.engine;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.loadkit.core.internal.engine.Fixtures.Probe;
import static dev.loadkit.core.internal.engine.Fixtures.service;
import static dev.loadkit.core.internal.engine.Fixtures.test;
import static org.assertj.core.api.Assertions.assertThat;

/** The per-user and shared iteration executors. */
class IterationExecutorsTest {

    private static UserClass probed(Probe probe, SimulatedService service) {
        return UserClass.named("user")
                .task(Task.of("call", session -> probe.mark(session).then(service.call(session, "call"))))
                .build();
    }

    @Test
    void perUserIterationsRunExactlyThatManyPerUser() {
        Probe probe = new Probe();
        RunSummary summary = VirtualRun.run(test(Workload.perUserIterations(5, 7, Duration.ofMinutes(1)),
                probed(probe, service(Duration.ofMillis(100)))));

        Map<Long, Long> perUser = probe.users.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perUser).hasSize(5).allSatisfy((user, count) -> assertThat(count).isEqualTo(7));
        assertThat(summary.metric("iterations").count()).isEqualTo(35);
        assertThat(summary.duration()).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void perUserIterationsStopAtTheMaximumDuration() {
        LoadTest test = LoadTest.named("slow").users(probed(new Probe(), service(Duration.ofSeconds(1))))
                .workload(Workload.perUserIterations(2, 100, Duration.ofSeconds(10)))
                .gracefulStop(Duration.ZERO).build();

        RunSummary summary = VirtualRun.run(test);

        assertThat(summary.metric("iterations").count()).isEqualTo(20);
        assertThat(summary.duration()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void sharedIterationsRunExactlyThatManyInAllFasterUsersTakingMore() {
        Probe probe = new Probe();
        SimulatedService service = service(Duration.ofMillis(100));
        UserClass uneven = UserClass.named("user")
                .task(Task.of("call", session -> probe.mark(session)
                        .then(session.userId() == 1 ? service.call(session, "fast") : service.call(session, "slow")
                                .delayUntil(ok -> reactor.core.publisher.Mono.delay(Duration.ofMillis(300), session.scheduler())))))
                .build();

        RunSummary summary = VirtualRun.run(test(Workload.sharedIterations(4, 100, Duration.ofMinutes(1)), uneven));

        assertThat(summary.metric("iterations").count()).isEqualTo(100);
        long byFastUser = probe.users.stream().filter(user -> user == 1).count();
        assertThat(byFastUser).isGreaterThan(100 / 4);
    }
}
