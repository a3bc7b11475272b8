package dev.loadkit.core.internal.metrics;

import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricUnit;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.metrics.TrendSeries;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A trend series on two HdrHistogram {@link Recorder}s (latency from the intended start, service time
 * from the actual start), and, for a request metric, a failure counter. Recording is wait-free and
 * allocation-free; the interval swap happens on the reporting tick only.
 */
final class TrendRecorder implements TrendSeries, RequestSeries, SeriesRecorder {

    private final Metric metric;
    private final RequestMetric requestMetric;
    private final Tags tags;
    private final Recorder latency = new Recorder(3);
    private final Recorder serviceTime = new Recorder(3);
    private final LongAdder failures = new LongAdder();

    private final Histogram cumulativeLatency = Distribution.newHistogram();
    private final Histogram cumulativeServiceTime = Distribution.newHistogram();
    private long cumulativeFailures;
    private Histogram recycledLatency;
    private Histogram recycledServiceTime;

    TrendRecorder(Metric metric, RequestMetric requestMetric, Tags tags) {
        this.metric = metric;
        this.requestMetric = requestMetric;
        this.tags = tags;
    }

    @Override
    public void record(long value) {
        latency.recordValue(toRecorded(value));
    }

    @Override
    public void record(long intendedStart, long start, long end) {
        latency.recordValue(toRecorded(end - intendedStart));
        serviceTime.recordValue(toRecorded(end - start));
    }

    @Override
    public void record(long intendedStart, long start, long end, boolean failed) {
        record(intendedStart, start, end);
        if (failed) {
            failures.increment();
        }
    }

    /** Times are kept in microseconds: three significant digits of a microsecond are plenty for latency. */
    private long toRecorded(long value) {
        if (value <= 0) {
            return 0;
        }
        return metric.unit() == MetricUnit.TIME ? (value + 500) / 1000 : value;
    }

    @Override
    public List<MetricStats> takeInterval(Duration window) {
        Histogram intervalLatency = latency.getIntervalHistogram(recycledLatency);
        Histogram intervalServiceTime = serviceTime.getIntervalHistogram(recycledServiceTime);
        long intervalFailures = failures.sumThenReset();
        cumulativeLatency.add(intervalLatency);
        cumulativeServiceTime.add(intervalServiceTime);
        cumulativeFailures += intervalFailures;
        List<MetricStats> stats = stats(window, intervalLatency, intervalServiceTime, intervalFailures);
        recycledLatency = intervalLatency;
        recycledServiceTime = intervalServiceTime;
        return stats;
    }

    @Override
    public List<MetricStats> cumulative(Duration window) {
        return stats(window, cumulativeLatency, cumulativeServiceTime, cumulativeFailures);
    }

    private List<MetricStats> stats(Duration window, Histogram latencies, Histogram serviceTimes, long failed) {
        long count = latencies.getTotalCount();
        // A failure recorded during the swap may land one interval ahead of its sample; never report more
        // failures than samples.
        failed = Math.min(failed, count);
        Distribution serviceDistribution = serviceTimes.getTotalCount() == count && count > 0
                ? Distribution.copyOf(serviceTimes, metric.unit()) : null;
        List<MetricStats> stats = new ArrayList<>(3);
        stats.add(new MetricStats(metric, tags, window, Distribution.copyOf(latencies, metric.unit()),
                serviceDistribution, count, failed, 0, 0));
        if (requestMetric != null) {
            stats.add(new MetricStats(requestMetric.count(), tags, window, null, null, count, 0, 0, 0));
            stats.add(new MetricStats(requestMetric.failed(), tags, window, null, null, count, failed, 0, 0));
        }
        return stats;
    }
}
