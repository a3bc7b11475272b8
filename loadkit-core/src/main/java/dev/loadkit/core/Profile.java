package dev.loadkit.core;

import java.time.Duration;
import java.util.Locale;

/**
 * Named workload presets, as the load-testing guides of k6 and Grafana name them. Each is scaled from a
 * test's own workload (its peak users and its duration), and a test may replace any of them with
 * {@code LoadTest.Builder.profile(profile, workload)}.
 */
public enum Profile {

    /** A minimal load to check that the test and the target work: one user per class, 30 seconds. */
    SMOKE,
    /** The expected load: ramp to the nominal users over a tenth of the time, hold, ramp down. */
    LOAD,
    /** Above the expected load: as {@link #LOAD}, with twice the users. */
    STRESS,
    /** A sudden surge: a baseline, five times the users for a short while, then the baseline again to see recovery. */
    SPIKE,
    /** A long, steady load to find leaks and drift: ramp in 5 minutes, hold for 2 hours, ramp down in 5 minutes. */
    SOAK,
    /** Users ramp from zero to ten times the nominal users over the whole duration, to find the breaking point. */
    BREAKPOINT;

    /**
     * The profile named on a command line, such as {@code smoke} or {@code stress}.
     *
     * @param name the name, in any case
     * @return the profile
     * @throws ConfigurationException for an unknown name
     */
    public static Profile named(String name) {
        for (Profile profile : values()) {
            if (profile.name().equalsIgnoreCase(name.trim())) {
                return profile;
            }
        }
        throw new ConfigurationException("unknown profile '" + name
                + "': use smoke, load, stress, spike, soak or breakpoint");
    }

    /**
     * The profile's workload for a test whose own workload peaks at {@code users} over {@code duration}.
     *
     * @param users the nominal users, at least 1
     * @param duration the nominal duration
     * @param userClasses the number of user classes, so that a smoke test starts each class once
     * @return the preset workload
     */
    public Workload preset(int users, Duration duration, int userClasses) {
        int nominal = Math.max(1, users);
        Duration tenth = duration.dividedBy(10);
        return switch (this) {
            case SMOKE -> Workload.constantUsers(Math.max(1, userClasses), Duration.ofSeconds(30));
            case LOAD -> hold(nominal, tenth, duration.minus(tenth.multipliedBy(2)));
            case STRESS -> hold(2 * nominal, tenth, duration.minus(tenth.multipliedBy(2)));
            case SPIKE -> Workload.rampingUsers(
                    Stage.of(tenth, nominal),
                    Stage.of(tenth.multipliedBy(2), nominal),
                    Stage.of(duration.dividedBy(20), 5L * nominal),
                    Stage.of(tenth, 5L * nominal),
                    Stage.of(duration.dividedBy(20), nominal),
                    Stage.of(duration.dividedBy(2), nominal));
            case SOAK -> hold(nominal, Duration.ofMinutes(5), Duration.ofHours(2));
            case BREAKPOINT -> Workload.rampingUsers(Stage.of(duration, 10L * nominal));
        };
    }

    private static Workload hold(int users, Duration ramp, Duration plateau) {
        return Workload.rampingUsers(Stage.of(ramp, users), Stage.of(plateau, users), Stage.of(ramp, 0));
    }

    /** The profile's name as the command line spells it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
