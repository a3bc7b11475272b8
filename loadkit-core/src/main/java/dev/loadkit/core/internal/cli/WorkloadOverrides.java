package dev.loadkit.core.internal.cli;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.Stage;
import dev.loadkit.core.Workload;

import java.time.Duration;
import java.util.List;

/**
 * Lays the workload flags over a test's workload, with the meanings users know: {@code --stage} as k6
 * (ramping users), {@code --rate} as an open workload (constant arrival rate, {@code --users} caps the
 * users), {@code --users} with {@code --spawn-rate} as Locust, {@code --users} alone as k6's
 * {@code --vus} (constant users), and {@code --run-time} alone changing only the duration.
 */
final class WorkloadOverrides {

    /** Users allowed per iteration per second when {@code --rate} is given without {@code --users}. */
    private static final int USERS_PER_RATE = 10;

    private WorkloadOverrides() {
    }

    /**
     * The workload the flags ask for.
     *
     * @param base the test's workload (or its profile's)
     * @param flags the flags
     * @return the workload to run
     * @throws ConfigurationException when flags contradict each other
     */
    static Workload apply(Workload base, RunFlags flags) {
        Duration runTime = flags.runTime() != null ? flags.runTime() : base.duration();
        if (flags.stages() != null) {
            if (flags.users() != null || flags.spawnRate() != null || flags.rate() != null) {
                throw new ConfigurationException("--stage sets the users over time; drop --users, --spawn-rate and --rate");
            }
            Workload.RampingUsers ramp = new Workload.RampingUsers(0, flags.stages());
            return flags.runTime() != null ? ramp.withDuration(flags.runTime()) : ramp;
        }
        if (flags.rate() != null) {
            if (flags.spawnRate() != null) {
                throw new ConfigurationException("--spawn-rate applies to --users, not to --rate; drop one of them");
            }
            int maxUsers = flags.users() != null ? flags.users()
                    : Math.max(base.peakUsers(), (int) Math.min(100_000, Math.ceil(flags.rate()) * USERS_PER_RATE));
            return Workload.constantArrivalRate(flags.rate(), runTime, maxUsers);
        }
        if (flags.spawnRate() != null) {
            int users = flags.users() != null ? flags.users() : base.peakUsers();
            return Workload.users(users, flags.spawnRate(), runTime);
        }
        if (flags.users() != null) {
            // A staged workload keeps its shape, scaled to the new peak; anything else becomes constant users.
            if (base instanceof Workload.RampingUsers ramp) {
                Workload scaled = scaled(ramp, flags.users());
                return flags.runTime() != null ? scaled.withDuration(flags.runTime()) : scaled;
            }
            return Workload.constantUsers(flags.users(), runTime);
        }
        return flags.runTime() != null ? base.withDuration(flags.runTime()) : base;
    }

    /** The stages scaled so that their peak is {@code users}; each stage keeps its duration. */
    private static Workload scaled(Workload.RampingUsers ramp, int users) {
        double factor = (double) users / Math.max(1, ramp.peakUsers());
        List<Stage> stages = ramp.stages().stream()
                .map(stage -> Stage.of(stage.duration(), Math.round(stage.target() * factor))).toList();
        return new Workload.RampingUsers((int) Math.round(ramp.startUsers() * factor), stages);
    }
}
