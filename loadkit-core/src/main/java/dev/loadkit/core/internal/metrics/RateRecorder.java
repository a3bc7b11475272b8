package dev.loadkit.core.internal.metrics;

import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.RateSeries;
import dev.loadkit.core.metrics.Tags;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A rate series. Samples and true samples are counted in one {@link LongAdder} (samples in the low 32
 * bits, trues above), so that the reporting tick never reads one count without the other.
 */
final class RateRecorder implements RateSeries, SeriesRecorder {

    private static final long ONE_TRUE = 1L << 32;
    private static final long SAMPLES = ONE_TRUE - 1;

    private final Metric metric;
    private final Tags tags;
    private final LongAdder counts = new LongAdder();
    private long cumulativeTrues;
    private long cumulativeSamples;

    RateRecorder(Metric metric, Tags tags) {
        this.metric = metric;
        this.tags = tags;
    }

    @Override
    public void record(boolean value) {
        counts.add(value ? ONE_TRUE + 1 : 1);
    }

    @Override
    public List<MetricStats> takeInterval(Duration window) {
        long packed = counts.sumThenReset();
        long intervalSamples = packed & SAMPLES;
        long intervalTrues = packed >>> 32;
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
