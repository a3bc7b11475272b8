package dev.loadkit.core.metrics;

/** What the values of a metric measure, which decides how they are recorded and shown. */
public enum MetricUnit {
    /** Durations: recorded in nanoseconds, kept in microseconds, reported in milliseconds. */
    TIME,
    /** Sizes in bytes. */
    BYTES,
    /** Plain numbers. */
    NONE
}
