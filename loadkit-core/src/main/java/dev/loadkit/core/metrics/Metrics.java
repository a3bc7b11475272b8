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
     * Counts an error that an exception raised, as {@link #error(String, String, String)} does; a run with
     * {@code --verbose} prints the first exception of each kind with its stack trace.
     *
     * @param name the request, message or task that failed
     * @param kind the class of the error, short and stable
     * @param message a human-readable detail; similar errors should share one message
     * @param cause the exception
     */
    void error(String name, String kind, String message, Throwable cause);

    /**
     * Records a request, message or call that was started and then cut before it completed (its
     * subscription was cancelled: the run ended, Ctrl-C, or the task gave up on it): a failed sample
     * with its latency so far, and one error of kind {@link ErrorKinds#INTERRUPTED}. Drivers call it from
     * their cancellation path ({@code doOnCancel}), at most once per request, so that work in flight
     * never vanishes from the counts.
     *
     * @param series the request's series
     * @param name the request's name, for the errors
     * @param intendedStart when the request should have started
     * @param start when it was sent
     */
    default void interrupted(RequestSeries series, String name, long intendedStart, long start) {
        series.record(intendedStart, start, nanoTime(), true);
        error(name, ErrorKinds.INTERRUPTED, "cut before it completed (end of the run, Ctrl-C, or cancelled by the task)");
    }

    /**
     * The run's clock in nanoseconds, the one to time requests with. It is {@link System#nanoTime} in a
     * real run and a virtual clock in the engine's own tests.
     *
     * @return the current time
     */
    long nanoTime();
}
