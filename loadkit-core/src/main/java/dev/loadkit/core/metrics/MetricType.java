package dev.loadkit.core.metrics;

/**
 * The four kinds of metric, as in k6: they decide how samples aggregate and which threshold
 * aggregations apply.
 */
public enum MetricType {
    /** A sum that only grows, such as {@code http_reqs} or {@code data_sent}; aggregates to a count and a rate per second. */
    COUNTER,
    /** A current value, such as {@code vus}; aggregates to its last, smallest and largest value. */
    GAUGE,
    /** A share of true samples, such as {@code http_req_failed} or {@code checks}; aggregates to a rate between 0 and 1. */
    RATE,
    /** A distribution of values, such as {@code http_req_duration}; aggregates to percentiles in an HdrHistogram. */
    TREND
}
