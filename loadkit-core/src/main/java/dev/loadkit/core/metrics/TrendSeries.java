package dev.loadkit.core.metrics;

import java.time.Duration;

/** The series of one trend for one set of tags. Recording is lock-free and does not allocate. */
public interface TrendSeries {

    /**
     * Records a plain value, or a duration in nanoseconds for a {@link MetricUnit#TIME} trend.
     *
     * @param value the value; negative values count as zero
     */
    void record(long value);

    /**
     * Records a duration into a {@link MetricUnit#TIME} trend.
     *
     * @param duration the duration
     */
    default void record(Duration duration) {
        record(duration.toNanos());
    }

    /**
     * Records a timed operation as a latency from its intended start and a service time from its actual
     * start, as {@link RequestSeries#record} does.
     *
     * @param intendedStart when the operation should have started, from the run's clock
     * @param start when it actually started
     * @param end when it ended
     */
    void record(long intendedStart, long start, long end);
}
