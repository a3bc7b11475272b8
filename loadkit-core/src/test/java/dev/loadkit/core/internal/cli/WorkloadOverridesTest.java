package dev.loadkit.core.internal.cli;

import dev.loadkit.core.Stage;
import dev.loadkit.core.Workload;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadOverridesTest {

    private static final Workload BASE = Workload.rampingUsers(Stage.of(Duration.ofSeconds(30), 50), Stage.of(Duration.ofMinutes(5), 50));

    private static RunFlags flags(Integer users, Double spawnRate, Duration runTime, List<Stage> stages, Double rate) {
        return new RunFlags(users, spawnRate, runTime, stages, rate, null, null, null, null, null,
                Map.of(), List.of(), Map.of(), null, null, null, null);
    }

    @Test
    void noFlagsKeepTheTestsWorkload() {
        assertThat(WorkloadOverrides.apply(BASE, RunFlags.NONE)).isEqualTo(BASE);
    }

    @Test
    void runTimeAloneChangesOnlyTheDuration() {
        assertThat(WorkloadOverrides.apply(BASE, flags(null, null, Duration.ofMinutes(1), null, null)))
                .isEqualTo(Workload.rampingUsers(Stage.of(Duration.ofSeconds(30), 50), Stage.of(Duration.ofSeconds(30), 50)));
    }

    @Test
    void usersAloneAreConstantUsersAsK6Vus() {
        Workload constant = Workload.constantUsers(50, Duration.ofMinutes(5));
        assertThat(WorkloadOverrides.apply(constant, flags(10, null, Duration.ofMinutes(2), null, null)))
                .isEqualTo(Workload.constantUsers(10, Duration.ofMinutes(2)));
    }

    @Test
    void usersAloneScaleAStagedWorkloadKeepingItsShape() {
        Workload waves = Workload.rampingUsers(Stage.of(Duration.ofSeconds(10), 20), Stage.of(Duration.ofSeconds(50), 20),
                Stage.of(Duration.ofSeconds(10), 40), Stage.of(Duration.ofSeconds(50), 40), Stage.of(Duration.ofSeconds(10), 0));
        assertThat(WorkloadOverrides.apply(waves, flags(10, null, null, null, null))).isEqualTo(Workload.rampingUsers(
                Stage.of(Duration.ofSeconds(10), 5), Stage.of(Duration.ofSeconds(50), 5),
                Stage.of(Duration.ofSeconds(10), 10), Stage.of(Duration.ofSeconds(50), 10), Stage.of(Duration.ofSeconds(10), 0)));
    }

    @Test
    void usersWithSpawnRateRampAsLocust() {
        assertThat(WorkloadOverrides.apply(BASE, flags(10, 5.0, Duration.ofMinutes(1), null, null)))
                .isEqualTo(Workload.users(10, 5, Duration.ofMinutes(1)));
        assertThat(WorkloadOverrides.apply(BASE, flags(null, 5.0, null, null, null)).peakUsers()).isEqualTo(50);
    }

    @Test
    void stagesAreRampingUsers() {
        List<Stage> stages = List.of(Stage.of(Duration.ofSeconds(30), 20), Stage.of(Duration.ofMinutes(1), 200));
        assertThat(WorkloadOverrides.apply(BASE, flags(null, null, null, stages, null)))
                .isEqualTo(new Workload.RampingUsers(0, stages));
    }

    @Test
    void rateIsAnOpenWorkloadCappedByUsers() {
        assertThat(WorkloadOverrides.apply(BASE, flags(200, null, Duration.ofMinutes(1), null, 50.0)))
                .isEqualTo(Workload.constantArrivalRate(50, Duration.ofMinutes(1), 200));
        assertThat(WorkloadOverrides.apply(BASE, flags(null, null, null, null, 50.0)))
                .isEqualTo(Workload.constantArrivalRate(50, BASE.duration(), 500));
    }
}
