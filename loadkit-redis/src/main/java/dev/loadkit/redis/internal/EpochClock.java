package dev.loadkit.redis.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Microseconds since the epoch, to stamp messages that another connection, or another generator, reads:
 * the wall clock once, then the monotonic clock, so that a stamp costs no allocation and never goes back.
 */
public final class EpochClock {

    private static final long BASE_MICROS = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    private static final long BASE_NANOS = System.nanoTime();

    private EpochClock() {
    }

    /**
     * Now.
     *
     * @return microseconds since the epoch
     */
    public static long micros() {
        return BASE_MICROS + (System.nanoTime() - BASE_NANOS) / 1000;
    }

    /**
     * The nanoseconds from a stamp to now, never below zero (clocks of two machines may disagree a little).
     *
     * @param stampMicros a stamp of {@link #micros()}
     * @return the elapsed time
     */
    public static long nanosSince(long stampMicros) {
        return Math.max(0, (micros() - stampMicros) * 1000);
    }
}
