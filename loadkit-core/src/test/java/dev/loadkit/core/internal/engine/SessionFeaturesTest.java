package dev.loadkit.core.internal.engine;

import dev.loadkit.core.CheckResult;
import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.Feeder;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Tags, checks, groups and feeders, as tasks use them through the session. */
class SessionFeaturesTest {

    private static final SimulatedService SERVICE = SimulatedService.builder().latency(Duration.ofMillis(100)).build();

    private static LoadTest tagged() {
        UserClass user = UserClass.named("user")
                .task(Task.of("read", session -> SERVICE.call(session, "read")).tags("read"))
                .task(Task.of("write", session -> SERVICE.call(session, "write")).tags("write", "slow"))
                .task(Task.of("health", session -> SERVICE.call(session, "health")).tags("health", "read"))
                .build();
        return LoadTest.named("tagged").users(user).workload(Workload.constantUsers(3, Duration.ofSeconds(5))).build();
    }

    private static Set<String> requestNames(RunSummary summary) {
        return Set.copyOf(summary.requests().stream().map(request -> request.name()).toList());
    }

    @Test
    void tagsSelectTasksAndExcludedTagsDropThem() {
        assertThat(requestNames(VirtualRun.run(tagged(), RunOptions.builder().tags(Set.of("read")).build())))
                .containsExactlyInAnyOrder("read", "health");
        assertThat(requestNames(VirtualRun.run(tagged(), RunOptions.builder().excludedTags(Set.of("read")).build())))
                .containsExactly("write");
        assertThat(requestNames(VirtualRun.run(tagged(), RunOptions.builder()
                .tags(Set.of("read")).excludedTags(Set.of("health")).build())))
                .containsExactly("read");
    }

    @Test
    void anUnknownTagOrNothingLeftToRunIsAConfigurationError() {
        assertThatThrownBy(() -> VirtualRun.run(tagged(), RunOptions.builder().tags(Set.of("reed")).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("--tags names tag 'reed', which no task has; tags of this test: health, read, slow, write");
        assertThatThrownBy(() -> VirtualRun.run(tagged(), RunOptions.builder()
                .tags(Set.of("write")).excludedTags(Set.of("slow")).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("no task is left to run after --tags write and --exclude-tags slow");
    }

    @Test
    void checksCountPassesAndFailsWithoutStoppingTheUser() {
        UserClass user = UserClass.named("user")
                .task("call", session -> SERVICE.call(session, "call").doOnNext(ok -> {
                    session.check("always", true);
                    session.check("odd user", session.userId() % 2 == 1);
                }))
                .build();

        RunSummary summary = VirtualRun.run(LoadTest.named("checks").users(user)
                .workload(Workload.constantUsers(4, Duration.ofSeconds(1)))
                .threshold("checks{check:odd user}: rate>=0.5").build());

        assertThat(summary.checks()).containsExactly(new CheckResult("always", 40, 0), new CheckResult("odd user", 20, 20));
        assertThat(summary.metric("checks").rate()).isCloseTo(0.75, within(1e-9));
        assertThat(summary.metric("iterations").count()).isEqualTo(40);
        assertThat(summary.passed()).isTrue();
    }

    @Test
    void groupsNestAndRecordTheirDuration() {
        List<String> paths = new CopyOnWriteArrayList<>();
        UserClass user = UserClass.named("user")
                .task("checkout", session -> session.group("checkout", () -> SERVICE.call(session, "cart")
                        .then(session.group("payment", () -> Mono.fromRunnable(() -> paths.add(session.groupPath()))
                                .then(SERVICE.call(session, "pay"))))))
                .build();

        RunSummary summary = VirtualRun.run(LoadTest.named("groups").users(user)
                .workload(Workload.perUserIterations(1, 1, Duration.ofMinutes(1))).build());

        assertThat(paths).containsExactly("::checkout::payment");
        assertThat(summary.metric("group_duration", Map.of("group", "::checkout")).distribution().max())
                .isCloseTo(200, within(0.2));
        assertThat(summary.metric("group_duration", Map.of("group", "::checkout::payment")).distribution().max())
                .isCloseTo(100, within(0.1));
    }

    @Test
    void feedersHandRowsToUsersAndAnExhaustedQueueStopsTheUser() {
        Feeder accounts = Feeder.of(List.of(Map.of("account", "a1"), Map.of("account", "a2"), Map.of("account", "a3")))
                .queue().build();
        List<String> used = new CopyOnWriteArrayList<>();
        UserClass user = UserClass.named("user")
                .task("use account", session -> Mono.defer(() -> {
                    session.feed(accounts);
                    used.add(session.getString("account"));
                    return SERVICE.call(session, "login");
                }))
                .build();

        RunSummary summary = VirtualRun.run(LoadTest.named("feeder").users(user)
                .workload(Workload.constantUsers(2, Duration.ofSeconds(10))).build());

        assertThat(used).containsExactlyInAnyOrder("a1", "a2", "a3");
        assertThat(summary.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("feeder exhausted");
            assertThat(error.count()).isEqualTo(2);
        });
        assertThat(summary.duration()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aFailingTaskIsCountedAndTheUserGoesOn() {
        UserClass user = UserClass.named("user")
                .task("flaky", session -> SERVICE.call(session, "call").then(session.userId() == 1
                        ? Mono.error(new IllegalStateException("bad response")) : Mono.empty()))
                .build();

        RunSummary summary = VirtualRun.run(LoadTest.named("flaky").users(user)
                .workload(Workload.constantUsers(2, Duration.ofSeconds(1))).build());

        assertThat(summary.metric("iterations").count()).isEqualTo(20);
        assertThat(summary.errors()).singleElement().satisfies(error -> {
            assertThat(error.name()).isEqualTo("flaky");
            assertThat(error.kind()).isEqualTo("task");
            assertThat(error.message()).isEqualTo("IllegalStateException: bad response");
            assertThat(error.count()).isEqualTo(10);
        });
    }

    @Test
    void aTaskThatReturnsNullFailsItsIterationWithAClearError() {
        UserClass user = UserClass.named("user").task("forgetful", session -> null).build();

        RunSummary summary = VirtualRun.run(LoadTest.named("null").users(user)
                .workload(Workload.perUserIterations(1, 3, Duration.ofMinutes(1))).build());

        assertThat(summary.errors()).singleElement().satisfies(error -> {
            assertThat(error.message()).isEqualTo("IllegalStateException: task 'forgetful' returned null; "
                    + "return a Mono, such as Mono.empty() for no work");
            assertThat(error.count()).isEqualTo(3);
        });
    }

    @Test
    void stopActionsRunWhenTheUserStops() {
        List<Long> closed = new CopyOnWriteArrayList<>();
        UserClass user = UserClass.named("user")
                .task("call", session -> {
                    session.attachment(StringBuilder.class, () -> {
                        session.onStop(() -> closed.add(session.userId()));
                        return new StringBuilder();
                    });
                    return SERVICE.call(session, "call");
                })
                .build();

        VirtualRun.run(LoadTest.named("stop actions").users(user).workload(Workload.constantUsers(3, Duration.ofSeconds(1))).build());

        assertThat(closed).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void sessionValuesAreTheUsersOwn() {
        List<String> seen = new CopyOnWriteArrayList<>();
        UserClass user = UserClass.named("user")
                .onStart(session -> Mono.fromRunnable(() -> session.set("token", "t" + session.userId())))
                .task("call", session -> SERVICE.call(session, "call")
                        .doOnNext(ok -> seen.add(session.userId() + "=" + session.get("token", String.class))))
                .build();

        VirtualRun.run(LoadTest.named("values").users(user).workload(Workload.perUserIterations(3, 1, Duration.ofMinutes(1))).build());

        assertThat(seen).containsExactlyInAnyOrder("1=t1", "2=t2", "3=t3");
    }
}
