package dev.loadkit.core.metrics;

import java.util.List;
import java.util.Objects;

/**
 * The three metrics that every request of a protocol yields, recorded together by one call of
 * {@link RequestSeries#record}: a duration trend, a request counter and a failure rate, such as
 * {@code http_req_duration}, {@code http_reqs} and {@code http_req_failed}.
 *
 * <p>Recording them together keeps the three consistent (the counter is the trend's sample count, the
 * failure rate is the failed share of those samples) and costs one histogram update per request.
 *
 * @param duration the duration trend, measured from the intended start (no coordinated omission)
 * @param count the counter of requests
 * @param failed the rate of failed requests
 */
public record RequestMetric(Metric duration, Metric count, Metric failed) {

    /**
     * Checks the types.
     *
     * @param duration the duration trend
     * @param count the counter of requests
     * @param failed the rate of failed requests
     */
    public RequestMetric {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(failed, "failed");
        if (duration.type() != MetricType.TREND || duration.unit() != MetricUnit.TIME
                || count.type() != MetricType.COUNTER || failed.type() != MetricType.RATE) {
            throw new IllegalArgumentException("a request metric needs a time trend, a counter and a rate");
        }
    }

    /**
     * Names the three metrics of a protocol.
     *
     * @param duration the duration trend's name, such as {@code http_req_duration}
     * @param count the request counter's name, such as {@code http_reqs}
     * @param failed the failure rate's name, such as {@code http_req_failed}
     * @return the request metric
     */
    public static RequestMetric of(String duration, String count, String failed) {
        return new RequestMetric(Metric.trend(duration), Metric.counter(count), Metric.rate(failed));
    }

    /**
     * The three metrics, for declaring them to a test.
     *
     * @return the duration trend, the counter and the failure rate
     */
    public List<Metric> metrics() {
        return List.of(duration, count, failed);
    }
}
