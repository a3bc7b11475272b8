package dev.loadkit.core.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * What one series of a metric (or a merge of several) holds over a window of time: an interval of a
 * live run, or the whole run. Which fields mean something depends on the metric's type; the others are
 * zero (or {@code null} for distributions).
 *
 * @param metric the metric
 * @param tags the series' tags; for a merge, the tags that all merged series share as filtered
 * @param window the time the values cover, for rates per second
 * @param distribution for a trend, its values (latency, measured from the intended start)
 * @param serviceTime for a timed trend, the values measured from the actual start; else {@code null}
 * @param count for a trend, the number of values; for a counter, its sum; for a rate, the number of samples
 * @param trues for a rate, the true samples; for a request trend, the failed requests
 * @param value for a gauge, its last value
 * @param max for a gauge, its largest value
 */
public record MetricStats(Metric metric, Tags tags, Duration window, Distribution distribution,
                          Distribution serviceTime, long count, long trues, long value, long max) {

    /**
     * Checks the required fields.
     *
     * @param metric the metric
     * @param tags the tags
     * @param window the time covered
     * @param distribution a trend's values
     * @param serviceTime a timed trend's service times
     * @param count the count
     * @param trues the true samples or failures
     * @param value a gauge's value
     * @param max a gauge's largest value
     */
    public MetricStats {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(window, "window");
    }

    /**
     * For a counter, its sum per second of the window; for a rate, the share of true samples (0 when
     * there are none); for other types, the count per second.
     *
     * @return the rate
     */
    public double rate() {
        if (metric.type() == MetricType.RATE) {
            return count == 0 ? 0 : (double) trues / count;
        }
        double seconds = window.toNanos() / 1e9;
        return seconds <= 0 ? 0 : count / seconds;
    }

    /**
     * For a rate, the false samples.
     *
     * @return {@code count - trues}
     */
    public long falses() {
        return count - trues;
    }

    /**
     * The request name tag, when the series has one.
     *
     * @return the {@link Tags#NAME} tag, or {@code null}
     */
    public String name() {
        return tags.get(Tags.NAME);
    }
}
