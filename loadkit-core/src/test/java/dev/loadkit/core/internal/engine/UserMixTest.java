package dev.loadkit.core.internal.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class UserMixTest {

    private static UserMix weighted(int... weights) {
        return new UserMix(weights, new Integer[weights.length]);
    }

    @Test
    void sharesUsersExactlyByWeightAsLocustDoes() {
        assertThat(weighted(3, 10, 1).allocate(14)).containsExactly(3, 10, 1);
        assertThat(weighted(3, 10, 1).allocate(28)).containsExactly(6, 20, 2);
        assertThat(weighted(1, 1).allocate(3)).containsExactly(2, 1);
    }

    @Test
    void neverStarvesAClassOnceThereAreAsManyUsersAsClasses() {
        assertThat(weighted(100, 1, 1).allocate(3)).containsExactly(1, 1, 1);
        assertThat(weighted(100, 1, 1).allocate(4)).containsExactly(2, 1, 1);
        assertThat(weighted(1000, 1).allocate(2)).containsExactly(1, 1);
    }

    @Test
    void fewerUsersThanClassesGoToTheHeaviest() {
        assertThat(weighted(1, 5, 1).allocate(1)).containsExactly(0, 1, 0);
        assertThat(weighted(1, 1, 1).allocate(0)).containsExactly(0, 0, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 13, 14, 99, 1000, 5001})
    void countsAlwaysAddUpAndAreDeterministic(int total) {
        UserMix mix = weighted(3, 10, 1, 7);
        int[] first = mix.allocate(total);
        assertThat(Arrays.stream(first).sum()).isEqualTo(total);
        assertThat(mix.allocate(total)).containsExactly(first);
        if (total >= 4) {
            assertThat(Arrays.stream(first).min().orElseThrow()).isPositive();
        }
    }

    @Test
    void fixedCountsComeFirstAndWeightsShareTheRest() {
        UserMix mix = new UserMix(new int[] {1, 3, 1}, new Integer[] {2, null, null});
        assertThat(mix.allocate(10)).containsExactly(2, 6, 2);
        assertThat(mix.allocate(1)).containsExactly(1, 0, 0);
    }

    @Test
    void rampsStartTheClassFurthestBelowItsShare() {
        int[] running = {0, 0, 0};
        int[] target = weighted(3, 10, 1).allocate(14);
        StringBuilder order = new StringBuilder();
        for (int next = UserMix.nextToStart(running, target); next >= 0; next = UserMix.nextToStart(running, target)) {
            running[next]++;
            order.append(next);
        }
        assertThat(running).containsExactly(3, 10, 1);
        assertThat(order.toString()).startsWith("1");
        assertThat(UserMix.nextToStop(new int[] {3, 12, 1}, target)).isEqualTo(1);
    }
}
