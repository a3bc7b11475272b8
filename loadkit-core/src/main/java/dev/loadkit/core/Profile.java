package dev.loadkit.core;

import java.time.Duration;
import java.util.Locale;

/**
 * Named workload presets, as the load-testing guides of k6 and Grafana name them. Each is scaled from a
 * test's own workload: its peak users (or, for an open workload, its peak arrival rate) and its duration.
 * A test may replace any of them with {@code LoadTest.Builder.profile(profile, workload)}.
 */
public enum Profile {

    /** A minimal load to check that the test and the target work: one user per class (or one iteration per second), 30 seconds. */
    SMOKE,
    /** The expected load: ramp to the nominal load over a tenth of the time, hold, ramp down. */
    LOAD,
    /** Above the expected load: as {@link #LOAD}, at twice the load. */
    STRESS,
    /** A sudden surge: a baseline, five times the load for a short while, then the baseline again to see recovery. */
    SPIKE,
    /**
     * A long, steady load to find leaks and drift: ramp in 5 minutes, hold for 2 hours, ramp down in 5 minutes;
     * with a run time, the same shape in that time.
     */
    SOAK,
    /** The load ramps from zero to ten times the nominal load over the whole duration, to find the breaking point. */
    BREAKPOINT;

    private static final Duration SOAK_DURATION = Duration.ofMinutes(130);

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
     * The profile's workload, scaled from a test's workload: a closed workload gives ramping users, an
     * open one (arrival rates) gives a ramping arrival rate with the same most users.
     *
     * @param base the test's workload, whose peak and duration are the nominal load
     * @param userClasses the number of user classes, so that a smoke test starts each class once
     * @return the preset workload
     */
    public Workload preset(Workload base, int userClasses) {
        Duration duration = base.duration();
        if (base instanceof Workload.ConstantArrivalRate || base instanceof Workload.RampingArrivalRate) {
            long rate = Math.max(1, Math.round(peakRate(base)));
            int maxUsers = base.peakUsers();
            return this == SMOKE ? Workload.constantArrivalRate(1, Duration.ofSeconds(30), Math.max(1, userClasses))
                    : Workload.rampingArrivalRate(0, scaledUsers(maxUsers), stages(rate, duration));
        }
        int users = Math.max(1, base.peakUsers());
        return this == SMOKE ? Workload.constantUsers(Math.max(1, userClasses), Duration.ofSeconds(30))
                : Workload.rampingUsers(stages(users, duration));
    }

    /** The profile's shape over a duration, for a nominal load (users, or iterations per second). */
    private Stage[] stages(long nominal, Duration duration) {
        Duration tenth = duration.dividedBy(10);
        return switch (this) {
            case SMOKE -> throw new IllegalStateException("smoke has a fixed workload");
            case LOAD -> hold(nominal, tenth, duration.minus(tenth.multipliedBy(2)));
            case STRESS -> hold(2 * nominal, tenth, duration.minus(tenth.multipliedBy(2)));
            case SPIKE -> new Stage[] {
                    Stage.of(tenth, nominal),
                    Stage.of(tenth.multipliedBy(2), nominal),
                    Stage.of(duration.dividedBy(20), 5 * nominal),
                    Stage.of(tenth, 5 * nominal),
                    Stage.of(duration.dividedBy(20), nominal),
                    Stage.of(duration.dividedBy(2), nominal)};
            case SOAK -> hold(nominal, duration.dividedBy(26), duration.minus(duration.dividedBy(26).multipliedBy(2)));
            case BREAKPOINT -> new Stage[] {Stage.of(duration, 10 * nominal)};
        };
    }

    /**
     * How long the profile runs when no run time is given: a soak's 2 hours and 10 minutes, else the test's own.
     *
     * @param base the test's workload
     * @return the duration
     */
    public Duration defaultDuration(Workload base) {
        return this == SOAK ? SOAK_DURATION : base.duration();
    }

    /** An open workload at several times its rate needs as many times its users. */
    private int scaledUsers(int maxUsers) {
        int factor = switch (this) {
            case SMOKE, LOAD, SOAK -> 1;
            case STRESS -> 2;
            case SPIKE -> 5;
            case BREAKPOINT -> 10;
        };
        return (int) Math.min(Workload.MAX_USERS, (long) maxUsers * factor);
    }

    private static double peakRate(Workload open) {
        if (open instanceof Workload.ConstantArrivalRate constant) {
            return constant.rate();
        }
        Workload.RampingArrivalRate ramp = (Workload.RampingArrivalRate) open;
        return Math.max(ramp.startRate(), ramp.stages().stream().mapToLong(Stage::target).max().orElse(0));
    }

    private static Stage[] hold(long nominal, Duration ramp, Duration plateau) {
        return new Stage[] {Stage.of(ramp, nominal), Stage.of(plateau, nominal), Stage.of(ramp, 0)};
    }

    /** The profile's name as the command line spells it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
