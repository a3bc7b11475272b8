package dev.loadkit.core.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.Stage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StageSyntaxTest {

    @Test
    void parsesK6StageList() {
        assertThat(StageSyntax.parse("30s:20,1m:200,30s:0")).containsExactly(
                new Stage(Duration.ofSeconds(30), 20),
                new Stage(Duration.ofMinutes(1), 200),
                new Stage(Duration.ofSeconds(30), 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {" 30s:20 , 1m:200", "30s : 20,1m: 200 ", "30:20,60:200", "30s:020,1m:200"})
    void allowsWhitespacePlainSecondsAndLeadingZeros(String text) {
        assertThat(StageSyntax.parse(text)).containsExactly(
                new Stage(Duration.ofSeconds(30), 20),
                new Stage(Duration.ofMinutes(1), 200));
    }

    @Test
    void allowsZeroDurationAndLargestTarget() {
        assertThat(StageSyntax.parse("0s:1000000"))
                .containsExactly(new Stage(Duration.ZERO, Stage.MAX_TARGET));
    }

    @Test
    void returnsUnmodifiableList() {
        List<Stage> stages = StageSyntax.parse("30s:20");
        assertThatThrownBy(() -> stages.add(new Stage(Duration.ZERO, 0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void rejectsEmptyList(String text) {
        assertThatThrownBy(() -> StageSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid stages '': use DURATION:TARGET items separated by commas, like 30s:20,1m:200,30s:0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "30s:20,1m:abc | 1m:abc",
            "30s           | 30s",
            "30s:20,,1m:5  | ''",
            "30s:20,       | ''",
            "1m:-5         | 1m:-5",
            "1m:+5         | 1m:+5",
            "1m:1.5        | 1m:1.5",
            "1m:           | 1m:",
            "1m:20:30      | 1m:20:30",
            "1m:\u0665     | 1m:\u0665",
            "1m:9223372036854775808 | 1m:9223372036854775808"})
    void rejectsBadItems(String text, String item) {
        assertThatThrownBy(() -> StageSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid stage '" + item + "' in '" + text + "': use DURATION:TARGET, like 30s:20");
    }

    @Test
    void reportsBadDurationWithDurationMessage() {
        assertThatThrownBy(() -> StageSyntax.parse("30s:20,5x:10"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid duration '5x': use a number with a unit, like 30s, 5m, 1h30m or 250ms (a bare number counts seconds)");
    }

    @Test
    void rejectsNegativeStageRecords() {
        assertThatThrownBy(() -> new Stage(Duration.ofSeconds(-1), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Stage(Duration.ZERO, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
