package dev.loadkit.core;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A rate beyond what the generator can start, in real time: the run ends on time, counts what it could
 * not start as dropped, and says so once in its warnings; a rate beyond any one process is refused.
 */
class HugeRateTest {

    @Test
    void aRateTheGeneratorCannotStartEndsOnTimeWithOneWarning() {
        LoadTest test = LoadTest.named("huge rate")
                .users(UserClass.named("user").task(Task.of("nothing", session -> Mono.empty())).build())
                .workload(Workload.constantArrivalRate(5_000_000, Duration.ofSeconds(2), 1000))
                .gracefulStop(Duration.ofSeconds(1))
                .build();

        long start = System.nanoTime();
        RunSummary summary = test.execute();

        // On time: the 2 s of the schedule, the 1 s graceful stop, and a minute of margin for a busy machine.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2 + 1 + 60));
        long started = summary.metric("iterations").count();
        long dropped = summary.metric("dropped_iterations").count();
        assertThat(dropped).isPositive();
        // Every scheduled arrival is accounted for: started, or dropped and counted.
        assertThat(started + dropped).isEqualTo(10_000_000);
        assertThat(summary.warnings()).filteredOn(warning -> warning.contains("exceeds what the generator can start")).hasSize(1);
    }

    @Test
    void aRateAboveWhatOneProcessCanStartIsAMistake() {
        assertThatThrownBy(() -> Workload.constantArrivalRate(1e9, Duration.ofSeconds(1), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("split the load over several processes");
    }
}
