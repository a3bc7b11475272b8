package dev.loadkit.core.report;

import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.MetricsSnapshot;

import java.time.Duration;
import java.util.List;

/**
 * One interval of a live run, handed to the live reporters. Immutable.
 *
 * @param elapsed the time since the run started, at the interval's end
 * @param plannedDuration how long the workload schedules work, for progress and ETA
 * @param users the virtual users running at the interval's end
 * @param metrics what was recorded in the interval; rates are per second of it
 * @param thresholds the thresholds as they stand: each judged on the run's sliding threshold window up to this
 *                   interval ({@link dev.loadkit.core.LoadTest#thresholdWindow()}); empty when the test has none
 *                   or none has samples yet. The final verdict judges the whole run.
 * @param errors every error so far, counted by name, kind and message, the most frequent first
 */
public record IntervalSnapshot(Duration elapsed, Duration plannedDuration, int users, MetricsSnapshot metrics,
                               List<ThresholdResult> thresholds, List<ErrorCount> errors) {

    /**
     * Copies the lists.
     *
     * @param elapsed the time since the start
     * @param plannedDuration the planned duration
     * @param users the users running
     * @param metrics the interval's metrics
     * @param thresholds the thresholds as they stand
     * @param errors the errors so far
     */
    public IntervalSnapshot {
        thresholds = List.copyOf(thresholds);
        errors = List.copyOf(errors);
    }
}
