package dev.loadkit.novatorch.target;

import dev.loadkit.core.ConfigurationException;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the embedded orchestrator misbehaves, from the run's {@code -e target.*} variables:
 * {@code target.delay} (each call answers this much later, like {@code 20ms}) and {@code target.errorRate}
 * (the share of calls failed with {@code UNAVAILABLE}, 0 to 1). Any other {@code target.} key is a mistake.
 *
 * @param delay the added delay of every call
 * @param errorRate the share of calls that fail
 */
public record TargetSettings(Duration delay, double errorRate) {

    /** A target that neither waits nor fails. */
    public static final TargetSettings HEALTHY = new TargetSettings(Duration.ZERO, 0);

    private static final String PREFIX = "target.";
    private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)");

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException for a negative delay or a rate outside 0 to 1
     */
    public TargetSettings {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("target.delay must not be negative");
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("target.errorRate must be between 0 and 1, got " + errorRate);
        }
    }

    /** Milliseconds ({@code 20ms}) or seconds ({@code 1.5s}). */
    private static Duration delay(String value) {
        Matcher matcher = DELAY.matcher(value);
        if (!matcher.matches()) {
            throw new ConfigurationException("-e target.delay=" + value + ": use milliseconds or seconds, like 20ms or 1.5s");
        }
        double amount = Double.parseDouble(matcher.group(1));
        return Duration.ofNanos(Math.round(amount * (matcher.group(2).equals("ms") ? 1e6 : 1e9)));
    }

    /**
     * The settings in a run's variables.
     *
     * @param variables the run's variables
     * @return the settings
     * @throws ConfigurationException for an unknown {@code target.} key or a bad value, in one line
     */
    public static TargetSettings of(Map<String, String> variables) {
        Duration delay = Duration.ZERO;
        double errorRate = 0;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String key = variable.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String value = variable.getValue().trim();
            switch (key) {
                case "target.delay" -> delay = delay(value);
                case "target.errorRate" -> {
                    try {
                        errorRate = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        throw new ConfigurationException("-e target.errorRate=" + value + ": not a number; use 0 to 1, like 0.05");
                    }
                }
                default -> throw new ConfigurationException("-e " + key + ": unknown setting of the embedded target; "
                        + "use target.delay (like 20ms) or target.errorRate (0 to 1)");
            }
        }
        try {
            return new TargetSettings(delay, errorRate);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("-e " + e.getMessage());
        }
    }
}
