package dev.loadkit.core.internal.metrics;

import dev.loadkit.core.metrics.MetricStats;

import java.time.Duration;
import java.util.List;

/**
 * The recording side of one series: written by virtual users on any thread, read once per interval by
 * the engine's reporting tick, which is the only caller of {@link #takeInterval} and {@link #cumulative}.
 */
interface SeriesRecorder {

    /**
     * Moves what was recorded since the last call into the cumulative totals and returns it.
     *
     * @param window the interval's length
     * @return the interval's stats (several for a request series: its trend, counter and rate)
     */
    List<MetricStats> takeInterval(Duration window);

    /**
     * The totals of every interval taken so far.
     *
     * @param window the run's length so far
     * @return the cumulative stats
     */
    List<MetricStats> cumulative(Duration window);
}
