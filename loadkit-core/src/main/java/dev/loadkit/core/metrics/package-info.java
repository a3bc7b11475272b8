/**
 * Metrics as drivers record them and reporters read them: definitions ({@link dev.loadkit.core.metrics.Metric},
 * {@link dev.loadkit.core.metrics.RequestMetric}), series to record into, and immutable snapshots.
 */
package dev.loadkit.core.metrics;
