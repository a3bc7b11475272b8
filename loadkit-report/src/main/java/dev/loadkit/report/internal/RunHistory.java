package dev.loadkit.report.internal;

import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricUnit;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run over time, one row per interval, for the reports that draw or list it (CSV history, HTML and
 * PNG charts). Fed on the reporting thread, read at the end of the run on the same thread.
 */
public final class RunHistory implements Reporter {

    /**
     * One interval.
     *
     * @param elapsedSeconds the time since the start, at the interval's end
     * @param users the virtual users running
     * @param requestsPerSecond requests per second in the interval
     * @param failuresPerSecond failed requests per second
     * @param p50 the median latency, in milliseconds; NaN when the interval had no requests
     * @param p95 the 95th percentile; NaN when none
     * @param p99 the 99th percentile; NaN when none
     * @param requests the requests in the interval
     * @param failures the failed requests in the interval
     * @param percentiles the interval's latency at each of {@link #PERCENTILES}, in milliseconds; NaN when none
     * @param total the run's latencies so far (median, mean, min, max in milliseconds), or null before any
     * @param totalBytesReceived the bytes received so far
     * @param statuses the interval's requests by status (an HTTP code, a gRPC status), for those that have one
     * @param p95ByName the interval's 95th percentile latency of each request name, in milliseconds
     */
    public record Row(double elapsedSeconds, int users, double requestsPerSecond, double failuresPerSecond,
                      double p50, double p95, double p99, long requests, long failures, List<Double> percentiles,
                      Totals total, long totalBytesReceived, Map<String, Long> statuses, Map<String, Double> p95ByName) {
    }

    /**
     * The run's latencies up to an interval.
     *
     * @param median the median, in milliseconds
     * @param mean the mean
     * @param min the least
     * @param max the most
     */
    public record Totals(double median, double mean, double min, double max) {
    }

    /** The percentiles of Locust's tables: 50% to 100%. */
    public static final List<Double> PERCENTILES = List.of(50.0, 66.0, 75.0, 80.0, 90.0, 95.0, 98.0, 99.0, 99.9, 99.99, 100.0);

    /**
     * The last interval of a run is often a sliver (the run ended just after a tick); per-second rates over
     * a few milliseconds would be noise, so such a sliver is folded into nothing but the totals.
     */
    private static final double SHORTEST_INTERVAL_SECONDS = 0.25;

    private final List<Row> rows = new ArrayList<>();
    private long unlistedRequests;
    private long unlistedFailures;
    private Distribution cumulative;
    private long bytesReceived;

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        double seconds = snapshot.metrics().window().toNanos() / 1e9;
        RequestTotals totals = RequestTotals.of(snapshot.metrics());
        bytesReceived += snapshot.metrics().aggregate("data_received").map(MetricStats::count).orElse(0L);
        if (totals.distribution() != null && totals.count() > 0) {
            cumulative = cumulative == null ? totals.distribution()
                    : Distribution.merge(List.of(cumulative, totals.distribution()), MetricUnit.TIME);
        }
        if (seconds < SHORTEST_INTERVAL_SECONDS) {
            unlistedRequests += totals.count();
            unlistedFailures += totals.failures();
            return;
        }
        boolean any = totals.count() > 0;
        rows.add(new Row(snapshot.elapsed().toNanos() / 1e9, snapshot.users(), totals.count() / seconds,
                totals.failures() / seconds, any ? totals.percentile(50) : Double.NaN,
                any ? totals.percentile(95) : Double.NaN, any ? totals.percentile(99) : Double.NaN,
                totals.count(), totals.failures(),
                PERCENTILES.stream().map(percentile -> any ? totals.percentile(percentile) : Double.NaN).toList(),
                cumulative == null ? null : new Totals(cumulative.median(), cumulative.mean(), cumulative.min(), cumulative.max()),
                bytesReceived, statuses(snapshot.metrics()), p95ByName(snapshot.metrics())));
    }

    private static Map<String, Long> statuses(MetricsSnapshot metrics) {
        Map<String, Long> statuses = new TreeMap<>();
        for (RequestMetric metric : metrics.requestMetrics()) {
            for (MetricStats series : metrics.series(metric.duration().name())) {
                String status = series.tags().get("status");
                if (status != null && series.count() > 0) {
                    statuses.merge(status, series.count(), Long::sum);
                }
            }
        }
        return statuses;
    }

    private static Map<String, Double> p95ByName(MetricsSnapshot metrics) {
        Map<String, Double> latencies = new LinkedHashMap<>();
        for (RequestMetric metric : metrics.requestMetrics()) {
            for (MetricStats stats : metrics.byRequestName(metric.duration().name())) {
                if (stats.count() > 0) {
                    latencies.putIfAbsent(stats.name(), stats.distribution().percentile(95));
                }
            }
        }
        return latencies;
    }

    /**
     * Requests of intervals too short to list.
     *
     * @return their count
     */
    public long unlistedRequests() {
        return unlistedRequests;
    }

    /**
     * Failed requests of intervals too short to list.
     *
     * @return their count
     */
    public long unlistedFailures() {
        return unlistedFailures;
    }

    /**
     * The rows so far.
     *
     * @return one row per interval, oldest first
     */
    public List<Row> rows() {
        return List.copyOf(rows);
    }
}
