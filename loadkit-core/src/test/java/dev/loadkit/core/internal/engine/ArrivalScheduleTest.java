package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Stage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ArrivalScheduleTest {

    private static List<Long> all(ArrivalSchedule schedule) {
        List<Long> offsets = new ArrayList<>();
        for (long next = schedule.next(); next != Long.MAX_VALUE; next = schedule.next()) {
            offsets.add(next);
        }
        return offsets;
    }

    @Test
    void aConstantRateStartsAtZeroAndKeepsExactGaps() {
        List<Long> offsets = all(ArrivalSchedule.constant(10, Duration.ofSeconds(2).toNanos()));
        assertThat(offsets).hasSize(20);
        for (int k = 0; k < offsets.size(); k++) {
            assertThat(offsets.get(k)).isEqualTo(k * 100_000_000L);
        }
    }

    @Test
    void aFractionalRateWorks() {
        assertThat(all(ArrivalSchedule.constant(0.5, Duration.ofSeconds(10).toNanos())))
                .containsExactly(0L, 2_000_000_000L, 4_000_000_000L, 6_000_000_000L, 8_000_000_000L);
    }

    @Test
    void aRampFollowsTheIntegralOfTheRate() {
        // 0 to 100/s over 10 s: 500 arrivals; the k-th at sqrt(2k/10) seconds.
        List<Long> offsets = all(ArrivalSchedule.ramping(0, List.of(Stage.of(Duration.ofSeconds(10), 100))));
        assertThat(offsets).hasSize(500);
        assertThat(offsets.get(0)).isZero();
        assertThat(offsets.get(250) / 1e9).isCloseTo(Math.sqrt(2 * 250 / 10.0), within(1e-6));
        long firstHalf = offsets.stream().filter(offset -> offset < 5_000_000_000L).count();
        assertThat(firstHalf).isEqualTo(125);
    }

    @Test
    void stagesChainAndAFallingRateEnds() {
        List<Long> offsets = all(ArrivalSchedule.ramping(10, List.of(
                Stage.of(Duration.ofSeconds(2), 10),
                Stage.of(Duration.ofSeconds(2), 0),
                Stage.of(Duration.ofSeconds(5), 0))));
        // 20 arrivals in the constant stage, 10 while falling to zero, none after.
        assertThat(offsets).hasSize(30);
        assertThat(offsets).isSorted();
        assertThat(offsets.get(29)).isLessThan(4_000_000_000L);
    }
}
