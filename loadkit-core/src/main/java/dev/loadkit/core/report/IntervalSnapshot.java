package dev.loadkit.core.report;

import dev.loadkit.core.metrics.MetricsSnapshot;

import java.time.Duration;

/**
 * One interval of a live run, handed to the live reporters. Immutable.
 *
 * @param elapsed the time since the run started, at the interval's end
 * @param plannedDuration how long the workload schedules work, for progress and ETA
 * @param users the virtual users running at the interval's end
 * @param metrics what was recorded in the interval; rates are per second of it
 */
public record IntervalSnapshot(Duration elapsed, Duration plannedDuration, int users, MetricsSnapshot metrics) {
}
