package dev.loadkit.core.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadkit.core.ConfigurationException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationSyntaxTest {

    static Stream<Arguments> validDurations() {
        return Stream.of(
                Arguments.of("250ms", Duration.ofMillis(250)),
                Arguments.of("30s", Duration.ofSeconds(30)),
                Arguments.of("5m", Duration.ofMinutes(5)),
                Arguments.of("1h", Duration.ofHours(1)),
                Arguments.of("1h30m", Duration.ofMinutes(90)),
                Arguments.of("1m30.5s", Duration.ofMillis(90_500)),
                Arguments.of("1.5h", Duration.ofMinutes(90)),
                Arguments.of("0.5ms", Duration.ofNanos(500_000)),
                Arguments.of("1h2m3s4ms5us", Duration.ofHours(1).plusMinutes(2).plusSeconds(3).plusMillis(4).plusNanos(5_000)),
                Arguments.of("100us", Duration.ofNanos(100_000)),
                Arguments.of("100\u00b5s", Duration.ofNanos(100_000)),
                Arguments.of("100\u03bcs", Duration.ofNanos(100_000)),
                Arguments.of("10", Duration.ofSeconds(10)),
                Arguments.of("0", Duration.ZERO),
                Arguments.of("0s", Duration.ZERO),
                Arguments.of("1H30M", Duration.ofMinutes(90)),
                Arguments.of("250MS", Duration.ofMillis(250)),
                Arguments.of("5US", Duration.ofNanos(5_000)),
                Arguments.of("  30s\t", Duration.ofSeconds(30)),
                Arguments.of("0.0000001us", Duration.ZERO),
                Arguments.of("2562047h", Duration.ofHours(2_562_047)));
    }

    @ParameterizedTest
    @MethodSource("validDurations")
    void parsesValidDurations(String text, Duration expected) {
        assertThat(DurationSyntax.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "   ", "5x", "2d", "s", "1.5", "1h30", "1.s", ".5s", "1 h", "+5s", "abc", "30s ms", "1e3s", "\u0665s"})
    void rejectsMalformedDurations(String text) {
        String shown = text == null ? "" : text.strip();
        assertThatThrownBy(() -> DurationSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid duration '" + shown + "': use a number with a unit, like 30s, 5m, 1h30m or 250ms (a bare number counts seconds)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5s", "-1"})
    void rejectsNegativeDurations(String text) {
        assertThatThrownBy(() -> DurationSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid duration '" + text + "': a duration cannot be negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5s1m", "1m1m", "1ms1s", "1h30m15m"})
    void rejectsUnitsOutOfOrder(String text) {
        assertThatThrownBy(() -> DurationSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid duration '" + text + "': give each unit once, from largest to smallest, like 1h30m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2562048h", "9223372037s", "99999999999999999999", "1h99999999999999999m"})
    void rejectsDurationsTooLongForNanoseconds(String text) {
        assertThatThrownBy(() -> DurationSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid duration '" + text + "': too long, use at most 2562047h");
    }

    static Stream<Arguments> formattedDurations() {
        return Stream.of(
                Arguments.of(Duration.ZERO, "0s"),
                Arguments.of(Duration.ofSeconds(59), "59s"),
                Arguments.of(Duration.ofSeconds(90), "1m30s"),
                Arguments.of(Duration.ofMillis(90_500), "1m30.5s"),
                Arguments.of(Duration.ofMillis(250), "250ms"),
                Arguments.of(Duration.ofMillis(1).plusNanos(500_000), "1.5ms"),
                Arguments.of(Duration.ofNanos(100_000), "100us"),
                Arguments.of(Duration.ofNanos(1), "0.001us"),
                Arguments.of(Duration.ofHours(2), "2h"),
                Arguments.of(Duration.ofHours(48), "48h"),
                Arguments.of(Duration.ofMinutes(90), "1h30m"),
                Arguments.of(Duration.ofHours(1).plusSeconds(5), "1h5s"),
                Arguments.of(Duration.ofHours(1).plusMillis(500), "1h0.5s"),
                Arguments.of(Duration.ofSeconds(1, 1), "1.000000001s"),
                Arguments.of(Duration.ofSeconds(-30), "-30s"));
    }

    @ParameterizedTest
    @MethodSource("formattedDurations")
    void formatsInShortestForm(Duration duration, String expected) {
        assertThat(DurationSyntax.format(duration)).isEqualTo(expected);
    }

    static Stream<Arguments> parsableFormattedDurations() {
        return formattedDurations().filter(arguments -> !((Duration) arguments.get()[0]).isNegative());
    }

    @ParameterizedTest
    @MethodSource("parsableFormattedDurations")
    void parsesWhatItFormats(Duration duration, String text) {
        assertThat(DurationSyntax.parse(text)).isEqualTo(duration);
    }

    @Test
    void formatsTheLongestParsableDuration() {
        Duration longest = Duration.ofNanos(Long.MAX_VALUE);
        assertThat(DurationSyntax.parse(DurationSyntax.format(longest))).isEqualTo(longest);
    }
}
