package dev.loadkit.core.report;

import dev.loadkit.core.internal.parse.DurationSyntax;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run starts with, as a person may set it on a {@link LiveView} before the start, with the meanings of
 * the command line's flags: {@code users} and {@code spawnRate} as Locust ({@code --users}, {@code --spawn-rate}),
 * {@code arrivalRate} for an open workload ({@code --rate}, with {@code users} as its most users in flight),
 * {@code runTime} and {@code host}. Each is null when not set.
 *
 * @param users the users, or the most users in flight of an open workload
 * @param spawnRate users started per second, up to {@code users}
 * @param runTime how long the workload runs
 * @param arrivalRate iterations started per second, for an open workload
 * @param host the target's base URL
 */
public record Launch(Integer users, Double spawnRate, Duration runTime, Double arrivalRate, String host) {

    /**
     * Reads a run time as the command line's {@code --run-time} does (k6's syntax, like {@code 90s}, {@code 1m30s},
     * {@code 250ms}; a bare number counts seconds), for a view whose person types one.
     *
     * @param text the run time as typed
     * @return the duration
     * @throws dev.loadkit.core.ConfigurationException with the command line's message when it is not one
     */
    public static Duration runTime(String text) {
        return DurationSyntax.parse(text);
    }

    /**
     * The host, if set.
     *
     * @return the host
     */
    public Optional<String> hostIfSet() {
        return Optional.ofNullable(host).filter(value -> !value.isBlank());
    }

    /**
     * Whether this launch shapes the workload differently from another: its users, spawn rate, run time or
     * arrival rate differ.
     *
     * @param other the launch to compare with
     * @return true when the workload must be rebuilt from this launch
     */
    public boolean changesWorkloadOf(Launch other) {
        return !Objects.equals(users, other.users) || !Objects.equals(spawnRate, other.spawnRate)
                || !Objects.equals(runTime, other.runTime)
                || !Objects.equals(arrivalRate, other.arrivalRate);
    }
}
