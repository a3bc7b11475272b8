package dev.loadkit.report.internal;

import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricUnit;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.metrics.RequestMetric;

import java.util.ArrayList;
import java.util.List;

/**
 * The requests of every protocol in a snapshot, merged: what "requests per second" and "the p95" mean
 * in a report that does not split by protocol.
 *
 * @param count the requests
 * @param failures the failed requests
 * @param distribution their latencies, or {@code null} when the test has no protocol
 */
public record RequestTotals(long count, long failures, Distribution distribution) {

    /**
     * Merges the request metrics of a snapshot.
     *
     * @param metrics an interval's or a run's metrics
     * @return the totals
     */
    public static RequestTotals of(MetricsSnapshot metrics) {
        long count = 0;
        long failures = 0;
        List<Distribution> parts = new ArrayList<>();
        for (RequestMetric metric : metrics.requestMetrics()) {
            MetricStats stats = metrics.aggregate(metric.duration().name()).orElseThrow();
            count += stats.count();
            failures += stats.trues();
            parts.add(stats.distribution());
        }
        return new RequestTotals(count, failures, parts.isEmpty() ? null : Distribution.merge(parts, MetricUnit.TIME));
    }

    /**
     * A percentile of the merged latencies.
     *
     * @param percentile the percentile
     * @return milliseconds, or 0 when there were no requests
     */
    public double percentile(double percentile) {
        return distribution == null ? 0 : distribution.percentile(percentile);
    }
}
