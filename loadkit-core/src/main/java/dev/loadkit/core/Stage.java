package dev.loadkit.core;

import java.time.Duration;
import java.util.Objects;

/**
 * One stage of a ramping workload, as k6's {@code {duration: '1m', target: 200}}: over the stage's
 * duration the number of users (or the arrival rate per second) moves linearly to the target.
 *
 * @param duration how long the stage lasts
 * @param target the users, or the iterations per second, at its end
 */
public record Stage(Duration duration, long target) {

    /** The largest target: more virtual users, or iterations per second, than one process should run. */
    public static final long MAX_TARGET = Workload.MAX_USERS;

    /**
     * Checks the values.
     *
     * @param duration how long the stage lasts
     * @param target the target at its end
     */
    public Stage {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("stage duration must not be negative, got " + duration);
        }
        if (target < 0 || target > MAX_TARGET) {
            throw new IllegalArgumentException("stage target must be between 0 and " + MAX_TARGET + ", got " + target);
        }
    }

    /**
     * A stage.
     *
     * @param duration how long it lasts
     * @param target the target at its end
     * @return the stage
     */
    public static Stage of(Duration duration, long target) {
        return new Stage(duration, target);
    }
}
