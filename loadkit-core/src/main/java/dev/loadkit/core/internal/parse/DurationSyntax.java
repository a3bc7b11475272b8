package dev.loadkit.core.internal.parse;

import dev.loadkit.core.ConfigurationException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * The duration syntax of the command line, as in k6 and Go: numbers with units from hours down to microseconds,
 * like {@code 1h30m}, {@code 1m30.5s} or {@code 250ms}. A plain integer counts seconds, as in Locust.
 */
public final class DurationSyntax {

    /** Durations must fit {@link Duration#toNanos()}, which the engine's clocks rely on. */
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    /** Largest first: a duration must list its units in this order, each at most once. */
    private enum Unit {
        HOURS(3_600_000_000_000L, "h"),
        MINUTES(60_000_000_000L, "m"),
        SECONDS(1_000_000_000L, "s"),
        MILLIS(1_000_000L, "ms"),
        // Go accepts both the micro sign and the Greek small mu, and people paste either.
        MICROS(1_000L, "us", "\u00b5s", "\u03bcs");

        final BigDecimal nanos;
        final String[] suffixes;

        Unit(long nanos, String... suffixes) {
            this.nanos = BigDecimal.valueOf(nanos);
            this.suffixes = suffixes;
        }

        static Unit of(String suffix) {
            String lower = suffix.toLowerCase(Locale.ROOT);
            for (Unit unit : values()) {
                for (String candidate : unit.suffixes) {
                    if (candidate.equals(lower)) {
                        return unit;
                    }
                }
            }
            return null;
        }
    }

    private DurationSyntax() {}

    /**
     * Parses a duration such as {@code 30s}, {@code 1h30m}, {@code 1m30.5s}, {@code 250ms}, {@code 100us} or
     * {@code 10} (seconds). Units are case-insensitive; surrounding whitespace is ignored; precision beyond a
     * nanosecond is dropped.
     *
     * @param text the duration as the user wrote it
     * @return the duration, never negative
     * @throws ConfigurationException if the text is null, empty, negative, malformed, lists units out of order or
     *     exceeds about 292 years
     */
    public static Duration parse(String text) {
        String input = text == null ? "" : text.strip();
        if (input.isEmpty()) {
            throw invalid(input);
        }
        if (input.startsWith("-")) {
            throw new ConfigurationException("invalid duration '" + input + "': a duration cannot be negative");
        }
        if (input.chars().allMatch(DurationSyntax::isDigit)) {
            return toDuration(input, new BigDecimal(input).multiply(Unit.SECONDS.nanos));
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Unit previous = null;
        int pos = 0;
        while (pos < input.length()) {
            int numberEnd = numberEnd(input, pos);
            int unitEnd = numberEnd;
            while (unitEnd < input.length() && Character.isLetter(input.charAt(unitEnd))) {
                unitEnd++;
            }
            Unit unit = Unit.of(input.substring(numberEnd, unitEnd));
            if (numberEnd == pos || unit == null) {
                throw invalid(input);
            }
            if (previous != null && unit.ordinal() <= previous.ordinal()) {
                throw new ConfigurationException("invalid duration '" + input
                        + "': give each unit once, from largest to smallest, like 1h30m");
            }
            nanos = nanos.add(new BigDecimal(input.substring(pos, numberEnd)).multiply(unit.nanos));
            previous = unit;
            pos = unitEnd;
        }
        return toDuration(input, nanos);
    }

    /**
     * Formats a duration in the shortest form {@link #parse} reads back, such as {@code 1m30s}, {@code 1m30.5s},
     * {@code 250ms}, {@code 2h} or {@code 0s}; a negative duration gets a leading minus sign.
     *
     * @param duration the duration to format
     * @return its text
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (seconds == 0 && nanos == 0) {
            return "0s";
        }
        if (seconds == 0) {
            return nanos >= 1_000_000 ? decimal(nanos, 6) + "ms" : decimal(nanos, 3) + "us";
        }
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds / 60 % 60 != 0) {
            text.append(seconds / 60 % 60).append('m');
        }
        if (seconds % 60 != 0 || nanos != 0) {
            text.append(decimal(seconds % 60 * 1_000_000_000L + nanos, 9)).append('s');
        }
        return text.toString();
    }

    /** Returns where the number starting at {@code pos} ends: digits, optionally a point and more digits. */
    private static int numberEnd(String text, int pos) {
        int end = digitsEnd(text, pos);
        if (end > pos && end + 1 < text.length() && text.charAt(end) == '.' && isDigit(text.charAt(end + 1))) {
            end = digitsEnd(text, end + 1);
        }
        return end;
    }

    private static int digitsEnd(String text, int pos) {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    // Character.isDigit would let other scripts' digits through, which BigDecimal then reads as numbers.
    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static Duration toDuration(String input, BigDecimal nanos) {
        BigDecimal whole = nanos.setScale(0, RoundingMode.DOWN);
        if (whole.compareTo(MAX_NANOS) > 0) {
            throw new ConfigurationException("invalid duration '" + input + "': too long, use at most 2562047h");
        }
        return Duration.ofNanos(whole.longValueExact());
    }

    private static String decimal(long units, int scale) {
        return BigDecimal.valueOf(units, scale).stripTrailingZeros().toPlainString();
    }

    private static ConfigurationException invalid(String input) {
        return new ConfigurationException("invalid duration '" + input
                + "': use a number with a unit, like 30s, 5m, 1h30m or 250ms (a bare number counts seconds)");
    }
}
