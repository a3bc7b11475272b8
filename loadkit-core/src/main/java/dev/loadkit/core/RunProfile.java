package dev.loadkit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named run of a scenario pack, as Locust users keep them: users, spawn rate and run time, an optional
 * host, and the thresholds that load must meet. A launcher offers them ({@link ScenarioLauncher.Builder#profile})
 * and a config file adds its own under {@code profiles:}; {@code --profile NAME}, or the profile's name in
 * place of a scenario, runs one, and {@code list} prints them. Flags given on the command line still win.
 * Unlike the presets of {@link Profile}, which scale a test's own workload, a run profile states its load.
 *
 * <pre>{@code
 * RunProfile.of("production", "Peak traffic", 500, 50, Duration.ofMinutes(30))
 *         .withThresholds("grpc_req_duration: p(95)<500", "grpc_req_failed: rate<0.005");
 * }</pre>
 *
 * @param name the name on the command line
 * @param description one line for {@code list}
 * @param users the users at the peak
 * @param spawnRate the users started per second, up to {@code users}
 * @param runTime how long the run lasts
 * @param host the target, or empty for the run's own (its environment's, or the embedded one)
 * @param thresholds threshold expressions in k6 syntax, added to the test's
 */
public record RunProfile(String name, String description, int users, double spawnRate, Duration runTime,
                         Optional<String> host, List<String> thresholds) {

    /**
     * Checks the profile.
     *
     * @throws IllegalArgumentException for a blank name, no users, a spawn rate or run time not above zero,
     *                                  or a threshold that does not parse
     */
    public RunProfile {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.contains(",")) {
            throw new IllegalArgumentException("a profile needs a name without commas, got '" + name + "'");
        }
        description = Objects.requireNonNullElse(description, "");
        if (users < 1) {
            throw new IllegalArgumentException("profile " + name + ": users must be at least 1, got " + users);
        }
        if (!(spawnRate > 0) || Double.isInfinite(spawnRate)) {
            throw new IllegalArgumentException("profile " + name + ": the spawn rate must be a positive number, got " + spawnRate);
        }
        Objects.requireNonNull(runTime, "runTime");
        if (runTime.isNegative() || runTime.isZero()) {
            throw new IllegalArgumentException("profile " + name + ": the run time must be above zero");
        }
        host = Objects.requireNonNull(host, "host");
        thresholds = List.copyOf(thresholds);
        for (String threshold : thresholds) {
            try {
                Threshold.parse(threshold);
            } catch (ConfigurationException e) {
                throw new IllegalArgumentException("profile " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A profile without host or thresholds.
     *
     * @param name the name on the command line
     * @param description one line for {@code list}
     * @param users the users at the peak
     * @param spawnRate the users started per second
     * @param runTime how long the run lasts
     * @return the profile
     */
    public static RunProfile of(String name, String description, int users, double spawnRate, Duration runTime) {
        return new RunProfile(name, description, users, spawnRate, runTime, Optional.empty(), List.of());
    }

    /**
     * This profile aimed at a host.
     *
     * @param newHost the target, as {@code --host} takes it
     * @return a new profile
     */
    public RunProfile withHost(String newHost) {
        return new RunProfile(name, description, users, spawnRate, runTime, Optional.of(newHost), thresholds);
    }

    /**
     * This profile with more thresholds.
     *
     * @param expressions threshold expressions, like {@code grpc_req_duration: p(95)<500}
     * @return a new profile
     */
    public RunProfile withThresholds(String... expressions) {
        List<String> all = new ArrayList<>(thresholds);
        all.addAll(Arrays.asList(expressions));
        return new RunProfile(name, description, users, spawnRate, runTime, host, all);
    }

    /**
     * The profile's workload: users started at the spawn rate, held until the run time ends.
     *
     * @return the workload
     */
    public Workload workload() {
        return Workload.users(users, spawnRate, runTime);
    }
}
