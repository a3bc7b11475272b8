package dev.loadkit.core.metrics;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The definition of a metric: its name, its type and its unit. Metrics are compared by name, type and
 * unit, so a driver and a threshold that name the same metric meet in the same series.
 *
 * <p>Custom metrics work as in k6: declare one with {@link #trend(String)} (or another factory), add it to
 * the test with {@code LoadTest.Builder.metric(...)} so thresholds may name it, and record into it from a
 * task through {@code session.metrics()}.
 *
 * @param name the metric's name, such as {@code http_req_duration}
 * @param type how its samples aggregate
 * @param unit what its values measure
 */
public record Metric(String name, MetricType type, MetricUnit unit) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /**
     * Checks the name, so that it can appear in threshold expressions and Prometheus output.
     *
     * @param name the metric's name
     * @param type how its samples aggregate
     * @param unit what its values measure
     */
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(unit, "unit");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name '" + name
                    + "': use letters, digits, '_' and '.', starting with a letter or '_'");
        }
    }

    /**
     * A trend of durations, recorded in nanoseconds and reported in milliseconds.
     *
     * @param name the metric's name
     * @return the definition
     */
    public static Metric trend(String name) {
        return new Metric(name, MetricType.TREND, MetricUnit.TIME);
    }

    /**
     * A trend of plain numbers, such as a queue depth or a batch size.
     *
     * @param name the metric's name
     * @return the definition
     */
    public static Metric valueTrend(String name) {
        return new Metric(name, MetricType.TREND, MetricUnit.NONE);
    }

    /**
     * A counter of events.
     *
     * @param name the metric's name
     * @return the definition
     */
    public static Metric counter(String name) {
        return new Metric(name, MetricType.COUNTER, MetricUnit.NONE);
    }

    /**
     * A counter of bytes.
     *
     * @param name the metric's name
     * @return the definition
     */
    public static Metric byteCounter(String name) {
        return new Metric(name, MetricType.COUNTER, MetricUnit.BYTES);
    }

    /**
     * A rate: the share of samples that are true.
     *
     * @param name the metric's name
     * @return the definition
     */
    public static Metric rate(String name) {
        return new Metric(name, MetricType.RATE, MetricUnit.NONE);
    }

    /**
     * A gauge: a current value.
     *
     * @param name the metric's name
     * @return the definition
     */
    public static Metric gauge(String name) {
        return new Metric(name, MetricType.GAUGE, MetricUnit.NONE);
    }
}
