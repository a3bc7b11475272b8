package dev.loadkit.core.metrics;

/**
 * The metrics of one run, as drivers and tasks record into them. Look a series up once per request
 * definition and keep it: the lookup is a hash map read, the recording is lock-free and allocation-free.
 *
 * <p>A session gives access to its run's metrics ({@code session.metrics()}).
 */
public interface Metrics {

    /**
     * The series of a request metric for some tags, created on first use.
     *
     * @param metric the request metric
     * @param tags the series' tags; include {@link Tags#NAME}
     * @return the series
     */
    RequestSeries request(RequestMetric metric, Tags tags);

    /**
     * The series of a trend for some tags, created on first use.
     *
     * @param metric a metric of type {@link MetricType#TREND}
     * @param tags the series' tags
     * @return the series
     */
    TrendSeries trend(Metric metric, Tags tags);

    /**
     * The series of a counter for some tags, created on first use.
     *
     * @param metric a metric of type {@link MetricType#COUNTER}
     * @param tags the series' tags
     * @return the series
     */
    CounterSeries counter(Metric metric, Tags tags);

    /**
     * The series of a rate for some tags, created on first use.
     *
     * @param metric a metric of type {@link MetricType#RATE}
     * @param tags the series' tags
     * @return the series
     */
    RateSeries rate(Metric metric, Tags tags);

    /**
     * The series of a gauge for some tags, created on first use.
     *
     * @param metric a metric of type {@link MetricType#GAUGE}
     * @param tags the series' tags
     * @return the series
     */
    GaugeSeries gauge(Metric metric, Tags tags);

    /**
     * Counts an error under its kind, for the summary's {@code errors} (such as {@code connect refused}
     * or {@code response timeout} for a request named {@code get vm}).
     *
     * @param name the request, message or task that failed
     * @param kind the class of the error, short and stable
     * @param message a human-readable detail; similar errors should share one message
     */
    void error(String name, String kind, String message);

    /**
     * The run's clock in nanoseconds, the one to time requests with. It is {@link System#nanoTime} in a
     * real run and a virtual clock in the engine's own tests.
     *
     * @return the current time
     */
    long nanoTime();
}
