package dev.loadkit.core.internal.engine;

import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.metrics.RequestMetric;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The built-in verdict that no threshold can overrule: a run that started work and completed none of it
 * successfully never passes. Every request of every driver failed or was cut (or, in a run without
 * requests, every iteration was cut): the verdict fails on each request metric's failure rate, so that
 * reports list it beside the thresholds.
 */
final class StartedWorkVerdict {

    private StartedWorkVerdict() {
    }

    /**
     * The failing verdicts of a run, if it started work and none succeeded.
     *
     * @param metrics the run's cumulative metrics
     * @return one failed result per request metric with samples, or one on iterations; empty when some work succeeded
     */
    static List<ThresholdResult> of(MetricsSnapshot metrics) {
        List<ThresholdResult> failures = new ArrayList<>();
        long succeeded = 0;
        for (RequestMetric requestMetric : metrics.requestMetrics()) {
            Optional<MetricStats> requests = metrics.aggregate(requestMetric.duration().name());
            long count = requests.map(MetricStats::count).orElse(0L);
            long failed = requests.map(MetricStats::trues).orElse(0L);
            succeeded += count - failed;
            if (count > 0) {
                failures.add(new ThresholdResult(requestMetric.failed().name() + ": rate<1 (built in: "
                        + "a run whose every started request failed or was cut never passes)",
                        requestMetric.failed().name(), "rate<1", false, 1.0));
            }
        }
        if (!failures.isEmpty()) {
            return succeeded > 0 ? List.of() : failures;
        }
        long completed = count(metrics, BuiltInMetrics.ITERATIONS.name());
        long interrupted = count(metrics, BuiltInMetrics.INTERRUPTED_ITERATIONS.name());
        if (completed == 0 && interrupted > 0) {
            return List.of(new ThresholdResult(BuiltInMetrics.ITERATIONS.name() + ": count>0 (built in: a run whose every "
                    + "started iteration was cut never passes)", BuiltInMetrics.ITERATIONS.name(), "count>0", false, 0));
        }
        return List.of();
    }

    private static long count(MetricsSnapshot metrics, String name) {
        return metrics.aggregate(name).map(MetricStats::count).orElse(0L);
    }
}
