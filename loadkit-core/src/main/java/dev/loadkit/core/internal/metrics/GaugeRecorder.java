package dev.loadkit.core.internal.metrics;

import dev.loadkit.core.metrics.GaugeSeries;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.Tags;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A gauge series: the last value set, and the largest one seen. */
final class GaugeRecorder implements GaugeSeries, SeriesRecorder {

    private final Metric metric;
    private final Tags tags;
    private final AtomicLong value = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    GaugeRecorder(Metric metric, Tags tags) {
        this.metric = metric;
        this.tags = tags;
    }

    @Override
    public void set(long newValue) {
        value.set(newValue);
        max.accumulateAndGet(newValue, Math::max);
    }

    @Override
    public void add(long delta) {
        long newValue = value.addAndGet(delta);
        max.accumulateAndGet(newValue, Math::max);
    }

    @Override
    public List<MetricStats> takeInterval(Duration window) {
        return cumulative(window);
    }

    @Override
    public List<MetricStats> cumulative(Duration window) {
        return List.of(new MetricStats(metric, tags, window, null, null, 0, 0, value.get(), max.get()));
    }
}
