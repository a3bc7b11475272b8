package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Threshold;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.ThresholdWindow;
import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.metrics.RequestMetric;

/**
 * One threshold evaluated on a sliding window every interval: the first failing window and the load at
 * that moment (the breaking point), when the load then dropped, and when a window passed again (the
 * recovery). Windows without samples say nothing and are skipped.
 */
final class ThresholdTimeline {

    private final Threshold threshold;
    private Double firstFailedAt;
    private Integer usersAtFailure;
    private Double rateAtFailure;
    private Double loadDroppedAt;
    private Double recoveredAt;
    private boolean generatorLagging;
    private ThresholdResult latest;

    ThresholdTimeline(Threshold threshold) {
        this.threshold = threshold;
    }

    void observe(double elapsedSeconds, int users, MetricsSnapshot window) {
        ThresholdResult result = threshold.evaluate(window);
        if (Double.isNaN(result.actual())) {
            return;
        }
        latest = result;
        if (firstFailedAt == null) {
            if (!result.passed()) {
                firstFailedAt = elapsedSeconds;
                usersAtFailure = users;
                rateAtFailure = requestRate(window);
                generatorLagging = window.aggregate(BuiltInMetrics.GENERATOR_LAG.name())
                        .filter(lag -> lag.count() > 0)
                        .map(lag -> lag.distribution().percentile(99) > Engine.LAG_WARNING_MILLIS).orElse(false);
            }
            return;
        }
        if (loadDroppedAt == null && users < usersAtFailure) {
            loadDroppedAt = elapsedSeconds;
        }
        if (loadDroppedAt != null && recoveredAt == null && result.passed()) {
            recoveredAt = elapsedSeconds;
        }
    }

    /**
     * The threshold as it stands: its verdict on the latest window with samples.
     *
     * @return the verdict, or null before any window had samples
     */
    ThresholdResult latest() {
        return latest;
    }

    /**
     * The breaking point and the recovery.
     *
     * @param runSeconds how long the run lasted: a drop in its last second is its users stopping, no drop to recover from
     */
    ThresholdWindow result(double runSeconds) {
        Double dropped = loadDroppedAt != null && loadDroppedAt < runSeconds - 1 ? loadDroppedAt : null;
        Double recovered = dropped == null ? null : recoveredAt;
        return new ThresholdWindow(threshold.expression(), threshold.metric(), firstFailedAt, usersAtFailure,
                rateAtFailure, dropped, recovered, recovered == null ? null : recovered - dropped, generatorLagging);
    }

    private static double requestRate(MetricsSnapshot window) {
        double seconds = window.window().toNanos() / 1e9;
        long requests = 0;
        for (RequestMetric metric : window.requestMetrics()) {
            requests += window.aggregate(metric.duration().name()).orElseThrow().count();
        }
        return seconds <= 0 ? 0 : requests / seconds;
    }
}
