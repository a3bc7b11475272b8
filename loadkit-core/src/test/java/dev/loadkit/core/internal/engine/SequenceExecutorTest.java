package dev.loadkit.core.internal.engine;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.PhaseResult;
import dev.loadkit.core.RequestResult;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static dev.loadkit.core.internal.engine.Fixtures.Probe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Phases in sequence: each with its own classes and workload, one after the other, in one run. */
class SequenceExecutorTest {

    private static final SimulatedService SERVICE = SimulatedService.builder().latency(Duration.ofMillis(100)).build();

    private static UserClass probed(String name, Probe probe) {
        return UserClass.named(name).task("call", session -> probe.mark(session).then(SERVICE.call(session, name))).build();
    }

    @Test
    void phasesRunOneAfterTheOtherWithTheirOwnClasses() {
        Probe readers = new Probe();
        Probe writers = new Probe();
        LoadTest test = LoadTest.named("suite").users(probed("reader", readers), probed("writer", writers)).protocol(SERVICE)
                .workload(Workload.sequence(
                        Workload.Phase.of("reads", Workload.constantUsers(2, Duration.ofSeconds(10)), "reader"),
                        Workload.Phase.of("writes", Workload.constantArrivalRate(5, Duration.ofSeconds(10), 10), "writer"),
                        Workload.Phase.of("both", Workload.constantUsers(2, Duration.ofSeconds(5)), "reader", "writer")))
                .build();

        RunSummary summary = VirtualRun.run(test);

        assertThat(readers.millis().stream().filter(t -> t < 10_000)).hasSize(200);
        assertThat(readers.millis().stream().filter(t -> t >= 10_000 && t < 20_000)).isEmpty();
        assertThat(writers.millis().stream().filter(t -> t < 10_000)).isEmpty();
        assertThat(writers.millis().stream().filter(t -> t >= 10_000 && t < 20_000)).hasSize(50);
        assertThat(readers.millis().stream().filter(t -> t >= 20_000)).hasSize(50);
        assertThat(writers.millis().stream().filter(t -> t >= 20_000)).hasSize(50);
        assertThat(summary.metric("sim_reqs", Map.of("name", "writer")).count()).isEqualTo(100);
        assertThat(summary.duration()).isEqualTo(Duration.ofSeconds(25));
        assertThat(summary.parameters().get("workload")).startsWith("in sequence: reads (2 users for 10s); writes (");
    }

    @Test
    void aRequestsRateDividesByThePhasesItRanIn() {
        LoadTest test = LoadTest.named("suite").users(probed("reader", new Probe()), probed("writer", new Probe())).protocol(SERVICE)
                .workload(Workload.sequence(
                        Workload.Phase.of("reads", Workload.constantArrivalRate(20, Duration.ofSeconds(10), 10), "reader"),
                        Workload.Phase.of("writes", Workload.constantArrivalRate(5, Duration.ofSeconds(30), 10), "writer")))
                .build();

        RunSummary summary = VirtualRun.run(test);

        assertThat(summary.phases()).extracting(PhaseResult::name, PhaseResult::span, PhaseResult::requests).containsExactly(
                tuple("reads", Duration.ofSeconds(10), Set.of("reader")),
                tuple("writes", Duration.ofSeconds(30), Set.of("writer")));
        // 200 reads in their 10 s phase are 20/s, not 200 over the run's 40 s.
        assertThat(summary.requests()).extracting(RequestResult::name, RequestResult::rps)
                .containsExactlyInAnyOrder(tuple("reader", 20.0), tuple("writer", 5.0));
    }

    @Test
    void aPhaseNamingAnUnknownClassIsAConfigurationError() {
        LoadTest test = LoadTest.named("suite").users(probed("reader", new Probe()))
                .workload(Workload.sequence(Workload.Phase.of("writes", Workload.constantUsers(1, Duration.ofSeconds(1)), "writer")))
                .build();

        assertThatThrownBy(() -> VirtualRun.run(test)).isInstanceOf(ConfigurationException.class)
                .hasMessage("phase writes names user class 'writer', which this test does not have; it has reader");
    }

    @Test
    void aNewRunTimeScalesEveryPhase() {
        Workload.Sequence sequence = Workload.sequence(
                Workload.Phase.of("a", Workload.constantUsers(1, Duration.ofSeconds(30)), "x"),
                Workload.Phase.of("b", Workload.constantUsers(1, Duration.ofSeconds(10)), "x"));

        assertThat(sequence.withDuration(Duration.ofSeconds(8)).phases())
                .extracting(phase -> phase.workload().duration())
                .containsExactly(Duration.ofSeconds(6), Duration.ofSeconds(2));
    }
}
