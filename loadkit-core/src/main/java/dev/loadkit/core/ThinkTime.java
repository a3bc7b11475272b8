package dev.loadkit.core;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a virtual user waits between two tasks, as Locust's {@code wait_time}: none, constant,
 * uniform between two bounds, Poisson-distributed (exponential gaps with a given mean), or pacing, where
 * each task starts a fixed period after the previous one started.
 *
 * <p>Pacing keeps a schedule, as wrk2 does: when a task overruns the period, the next ones start at once
 * until the user is back on schedule, and the delay against the schedule counts in the latency of their
 * requests (no coordinated omission). Unlike Locust's {@code constant_pacing}, which forgets the tasks it
 * could not start on time, a paced user keeps its throughput and shows the cost of falling behind.
 */
public final class ThinkTime {

    private enum Kind { NONE, CONSTANT, UNIFORM, POISSON, PACING }

    private static final ThinkTime NONE = new ThinkTime(Kind.NONE, 0, 0);

    private final Kind kind;
    private final long firstNanos;
    private final long secondNanos;

    private ThinkTime(Kind kind, long firstNanos, long secondNanos) {
        this.kind = kind;
        this.firstNanos = firstNanos;
        this.secondNanos = secondNanos;
    }

    /**
     * No wait: the next task starts when the previous one ends.
     *
     * @return the think time
     */
    public static ThinkTime none() {
        return NONE;
    }

    /**
     * The same wait after every task.
     *
     * @param wait the wait
     * @return the think time
     */
    public static ThinkTime constant(Duration wait) {
        return new ThinkTime(Kind.CONSTANT, nonNegative(wait, "wait"), 0);
    }

    /**
     * A wait drawn uniformly between two bounds, as Locust's {@code between(min, max)}.
     *
     * @param min the shortest wait
     * @param max the longest wait
     * @return the think time
     */
    public static ThinkTime between(Duration min, Duration max) {
        long low = nonNegative(min, "min");
        long high = nonNegative(max, "max");
        if (high < low) {
            throw new IllegalArgumentException("think time between " + min + " and " + max + ": max is below min");
        }
        return new ThinkTime(Kind.UNIFORM, low, high);
    }

    /**
     * Exponentially distributed waits with a mean: task starts of many such users form a Poisson process.
     *
     * @param mean the mean wait
     * @return the think time
     */
    public static ThinkTime poisson(Duration mean) {
        return new ThinkTime(Kind.POISSON, nonNegative(mean, "mean"), 0);
    }

    /**
     * Each task starts one period after the previous one started, as Locust's {@code constant_pacing}.
     *
     * @param period the time between task starts
     * @return the think time
     */
    public static ThinkTime pacing(Duration period) {
        long nanos = nonNegative(period, "period");
        if (nanos == 0) {
            throw new IllegalArgumentException("pacing period must be positive");
        }
        return new ThinkTime(Kind.PACING, nanos, 0);
    }

    /**
     * When the next task should start, given when this one should have started and when it ended.
     *
     * @param intendedStart the intended start of the task that ended
     * @param end when it ended
     * @param random the virtual user's random numbers
     * @return the intended start of the next task; when it lies in the past, the next task starts at once
     *         and counts as late by the difference
     */
    public long nextIntendedStart(long intendedStart, long end, RandomGenerator random) {
        return switch (kind) {
            case NONE -> end;
            case CONSTANT -> end + firstNanos;
            case UNIFORM -> end + (secondNanos == firstNanos ? firstNanos : random.nextLong(firstNanos, secondNanos + 1));
            case POISSON -> end + (long) (-Math.log(1.0 - random.nextDouble()) * firstNanos);
            case PACING -> intendedStart + firstNanos;
        };
    }

    private static long nonNegative(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative()) {
            throw new IllegalArgumentException("think time " + what + " must not be negative, got " + duration);
        }
        return duration.toNanos();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case CONSTANT -> "constant " + Duration.ofNanos(firstNanos);
            case UNIFORM -> "between " + Duration.ofNanos(firstNanos) + " and " + Duration.ofNanos(secondNanos);
            case POISSON -> "poisson, mean " + Duration.ofNanos(firstNanos);
            case PACING -> "pacing every " + Duration.ofNanos(firstNanos);
        };
    }
}
