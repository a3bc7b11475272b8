package dev.loadkit.core.metrics;

/**
 * The series of one {@link RequestMetric} for one set of tags. Drivers record every request here;
 * the call is lock-free and does not allocate.
 */
public interface RequestSeries {

    /**
     * Records one request. Latency is {@code end - intendedStart}: when the virtual user started late
     * (an open workload falling behind, a paced user overrunning its period), the wait counts, so there is
     * no coordinated omission. Service time, {@code end - start}, is kept beside it.
     *
     * @param intendedStart when the request should have started, from {@code Session.intendedStart}
     * @param start when it was actually sent, from the run's clock
     * @param end when the response (or the failure) arrived, from the run's clock
     * @param failed whether the request failed
     */
    void record(long intendedStart, long start, long end, boolean failed);
}
