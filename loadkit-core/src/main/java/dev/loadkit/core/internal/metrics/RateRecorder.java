package dev.loadkit.core.internal.metrics;

import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.RateSeries;
import dev.loadkit.core.metrics.Tags;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** A rate series: two {@link LongAdder}s, for the true samples and for all samples. */
final class RateRecorder implements RateSeries, SeriesRecorder {

    private final Metric metric;
    private final Tags tags;
    private final LongAdder trues = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private long cumulativeTrues;
    private long cumulativeSamples;

    RateRecorder(Metric metric, Tags tags) {
        this.metric = metric;
        this.tags = tags;
    }

    @Override
    public void record(boolean value) {
        if (value) {
            trues.increment();
        }
        samples.increment();
    }

    @Override
    public List<MetricStats> takeInterval(Duration window) {
        long intervalSamples = samples.sumThenReset();
        long intervalTrues = Math.min(trues.sumThenReset(), intervalSamples);
        cumulativeSamples += intervalSamples;
        cumulativeTrues += intervalTrues;
        return List.of(stats(window, intervalSamples, intervalTrues));
    }

    @Override
    public List<MetricStats> cumulative(Duration window) {
        return List.of(stats(window, cumulativeSamples, cumulativeTrues));
    }

    private MetricStats stats(Duration window, long count, long trueCount) {
        return new MetricStats(metric, tags, window, null, null, count, trueCount, 0, 0);
    }
}
