package dev.loadkit.core.internal.metrics;

import dev.loadkit.core.metrics.CounterSeries;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.Tags;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** A counter series on a {@link LongAdder}: contention-free adds from any thread. */
final class CounterRecorder implements CounterSeries, SeriesRecorder {

    private final Metric metric;
    private final Tags tags;
    private final LongAdder sum = new LongAdder();
    private long cumulative;

    CounterRecorder(Metric metric, Tags tags) {
        this.metric = metric;
        this.tags = tags;
    }

    @Override
    public void add(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("a counter only grows; got " + amount);
        }
        sum.add(amount);
    }

    @Override
    public List<MetricStats> takeInterval(Duration window) {
        long interval = sum.sumThenReset();
        cumulative += interval;
        return List.of(stats(window, interval));
    }

    @Override
    public List<MetricStats> cumulative(Duration window) {
        return List.of(stats(window, cumulative));
    }

    private MetricStats stats(Duration window, long count) {
        return new MetricStats(metric, tags, window, null, null, count, 0, 0, 0);
    }
}
