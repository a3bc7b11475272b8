package dev.loadkit.core;

import dev.loadkit.core.metrics.Tags;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The immutable parts of the model: tags, think times, workloads and profiles. */
class ModelTest {

    @Test
    void tagsAreSortedComparableAndMatchFilters() {
        Tags tags = Tags.of("name", "get vm", "method", "GET");
        assertThat(tags).isEqualTo(Tags.of("method", "GET").and("name", "get vm")).hasSameHashCodeAs(Tags.of("method", "GET", "name", "get vm"));
        assertThat(tags.toString()).isEqualTo("{method:GET,name:get vm}");
        assertThat(tags.matches(Map.of("name", "get vm"))).isTrue();
        assertThat(tags.matches(Map.of("name", "get vm", "status", "200"))).isFalse();
        assertThat(tags.and("method", "POST").get("method")).isEqualTo("POST");
        assertThat(tags.and("method", "GET")).isSameAs(tags);
    }

    @Test
    void thinkTimesGiveTheNextIntendedStart() {
        SplittableRandom random = new SplittableRandom(1);
        long second = 1_000_000_000L;
        assertThat(ThinkTime.none().nextIntendedStart(0, 5 * second, random)).isEqualTo(5 * second);
        assertThat(ThinkTime.constant(Duration.ofSeconds(2)).nextIntendedStart(0, 5 * second, random)).isEqualTo(7 * second);
        // Pacing keeps the schedule: the next start is a period after the intended start, even if that is past.
        assertThat(ThinkTime.pacing(Duration.ofSeconds(2)).nextIntendedStart(10 * second, 15 * second, random)).isEqualTo(12 * second);
        for (int i = 0; i < 1000; i++) {
            assertThat(ThinkTime.between(Duration.ofSeconds(1), Duration.ofSeconds(3)).nextIntendedStart(0, 0, random))
                    .isBetween(second, 3 * second);
        }
        double mean = 0;
        for (int i = 0; i < 20_000; i++) {
            mean += ThinkTime.poisson(Duration.ofSeconds(1)).nextIntendedStart(0, 0, random) / 20_000.0;
        }
        assertThat(mean / second).isCloseTo(1.0, within(0.05));
        assertThatThrownBy(() -> ThinkTime.between(Duration.ofSeconds(3), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRampIsCutOrHeldToANewDuration() {
        Workload ramp = Workload.rampingUsers(Stage.of(Duration.ofSeconds(10), 100), Stage.of(Duration.ofSeconds(10), 0));
        assertThat(ramp.withDuration(Duration.ofSeconds(5)))
                .isEqualTo(Workload.rampingUsers(Stage.of(Duration.ofSeconds(5), 50)));
        assertThat(ramp.withDuration(Duration.ofSeconds(30)))
                .isEqualTo(Workload.rampingUsers(Stage.of(Duration.ofSeconds(10), 100), Stage.of(Duration.ofSeconds(10), 0),
                        Stage.of(Duration.ofSeconds(10), 0)));
        assertThat(ramp.peakUsers()).isEqualTo(100);
        assertThat(ramp.duration()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void usersWithASpawnRateRampThenHold() {
        assertThat(Workload.users(10, 2, Duration.ofMinutes(1)))
                .isEqualTo(Workload.rampingUsers(Stage.of(Duration.ofSeconds(5), 10), Stage.of(Duration.ofSeconds(55), 10)));
    }

    @Test
    void profilesScaleFromTheTestsWorkload() {
        Duration tenMinutes = Duration.ofMinutes(10);
        Workload base = Workload.constantUsers(100, tenMinutes);
        assertThat(Profile.SMOKE.preset(base, 3)).isEqualTo(Workload.constantUsers(3, Duration.ofSeconds(30)));
        assertThat(Profile.LOAD.preset(base, 3)).isEqualTo(Workload.rampingUsers(
                Stage.of(Duration.ofMinutes(1), 100), Stage.of(Duration.ofMinutes(8), 100), Stage.of(Duration.ofMinutes(1), 0)));
        assertThat(Profile.STRESS.preset(base, 3).peakUsers()).isEqualTo(200);
        assertThat(Profile.SPIKE.preset(base, 3).peakUsers()).isEqualTo(500);
        assertThat(Profile.SPIKE.preset(base, 3).duration()).isEqualTo(tenMinutes);
        assertThat(Profile.SOAK.preset(base.withDuration(Profile.SOAK.defaultDuration(base)), 3)).isEqualTo(Workload.rampingUsers(
                Stage.of(Duration.ofMinutes(5), 100), Stage.of(Duration.ofMinutes(120), 100), Stage.of(Duration.ofMinutes(5), 0)));
        // With a run time, a soak keeps its shape: ramp, a long hold, ramp down.
        assertThat(Profile.SOAK.preset(base.withDuration(Duration.ofSeconds(26)), 3)).isEqualTo(Workload.rampingUsers(
                Stage.of(Duration.ofSeconds(1), 100), Stage.of(Duration.ofSeconds(24), 100), Stage.of(Duration.ofSeconds(1), 0)));
        assertThat(Profile.BREAKPOINT.preset(base, 3)).isEqualTo(Workload.rampingUsers(Stage.of(tenMinutes, 1000)));
        assertThat(Profile.named("Stress")).isEqualTo(Profile.STRESS);
    }

    @Test
    void profilesOfAnOpenWorkloadScaleItsRate() {
        Workload open = Workload.constantArrivalRate(50, Duration.ofMinutes(10), 200);
        assertThat(Profile.LOAD.preset(open, 2)).isEqualTo(Workload.rampingArrivalRate(0, 200,
                Stage.of(Duration.ofMinutes(1), 50), Stage.of(Duration.ofMinutes(8), 50), Stage.of(Duration.ofMinutes(1), 0)));
        assertThat(Profile.STRESS.preset(open, 2)).isEqualTo(Workload.rampingArrivalRate(0, 400,
                Stage.of(Duration.ofMinutes(1), 100), Stage.of(Duration.ofMinutes(8), 100), Stage.of(Duration.ofMinutes(1), 0)));
        assertThat(Profile.SMOKE.preset(open, 2)).isEqualTo(Workload.constantArrivalRate(1, Duration.ofSeconds(30), 2));
    }

    @Test
    void aTestsOwnProfileWorkloadReplacesThePreset() {
        Workload smoke = Workload.constantUsers(1, Duration.ofSeconds(5));
        LoadTest test = LoadTest.named("t")
                .users(UserClass.named("u").task("t", session -> reactor.core.publisher.Mono.empty()).build())
                .workload(Workload.constantUsers(10, Duration.ofMinutes(1)))
                .profile(Profile.SMOKE, smoke)
                .build();
        assertThat(test.workloadFor(Optional.of(Profile.SMOKE), Optional.empty())).isEqualTo(smoke);
        assertThat(test.workloadFor(Optional.of(Profile.STRESS), Optional.empty()).peakUsers()).isEqualTo(20);
        assertThat(test.workloadFor(Optional.empty(), Optional.empty())).isEqualTo(Workload.constantUsers(10, Duration.ofMinutes(1)));
        // A profile over another run time scales its ramps to it.
        assertThat(test.workloadFor(Optional.of(Profile.LOAD), Optional.of(Duration.ofMinutes(10)))).isEqualTo(Workload.rampingUsers(
                Stage.of(Duration.ofMinutes(1), 10), Stage.of(Duration.ofMinutes(8), 10), Stage.of(Duration.ofMinutes(1), 0)));
    }
}
