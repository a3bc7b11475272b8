package dev.loadkit.core.internal.metrics;

import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricUnit;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.metrics.TrendSeries;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A trend series: latency (from the intended start), service time (from the actual start) and, for a
 * request metric, failures.
 *
 * <p>Each recording thread writes into a stripe of its own: two packed HdrHistograms and a counter,
 * guarded by one {@link WriterReaderPhaser}, the technique of HdrHistogram's {@code Recorder}. A
 * request costs two uncontended atomic increments on the thread's own cache lines and no allocation,
 * and two event loops recording into the same series never contend. The reporting tick swaps each
 * stripe's buckets and merges them; it is the only caller of {@link #takeInterval} and {@link #cumulative}.
 */
final class TrendRecorder implements TrendSeries, RequestSeries, SeriesRecorder {

    private final Metric metric;
    private final RequestMetric requestMetric;
    private final Tags tags;
    private final List<Stripe> stripes = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Stripe> stripe = ThreadLocal.withInitial(this::newStripe);

    private final Histogram cumulativeLatency = Distribution.newHistogram();
    private final Histogram cumulativeServiceTime = Distribution.newHistogram();
    private long cumulativeFailures;

    TrendRecorder(Metric metric, RequestMetric requestMetric, Tags tags) {
        this.metric = metric;
        this.requestMetric = requestMetric;
        this.tags = tags;
    }

    private Stripe newStripe() {
        Stripe created = new Stripe(Thread.currentThread());
        stripes.add(created);
        return created;
    }

    @Override
    public void record(long value) {
        Stripe own = stripe.get();
        long phase = own.phaser.writerCriticalSectionEnter();
        try {
            own.active.latency.recordValue(toRecorded(value));
        } finally {
            own.phaser.writerCriticalSectionExit(phase);
        }
    }

    @Override
    public void record(long intendedStart, long start, long end) {
        record(intendedStart, start, end, false);
    }

    @Override
    public void record(long intendedStart, long start, long end, boolean failed) {
        Stripe own = stripe.get();
        long phase = own.phaser.writerCriticalSectionEnter();
        try {
            Bucket bucket = own.active;
            bucket.latency.recordValue(toRecorded(end - intendedStart));
            bucket.serviceTime.recordValue(toRecorded(end - start));
            if (failed) {
                bucket.failures++;
            }
        } finally {
            own.phaser.writerCriticalSectionExit(phase);
        }
    }

    /** Times are kept in microseconds: three significant digits of a microsecond are plenty for latency. */
    private long toRecorded(long value) {
        if (value <= 0) {
            return 0;
        }
        return metric.unit() == MetricUnit.TIME ? (value + 500) / 1000 : value;
    }

    @Override
    public List<MetricStats> takeInterval(Duration window) {
        Bucket interval = new Bucket();
        for (Stripe each : stripes) {
            // Asked before the swap: a thread that was dead then wrote everything it ever will before it.
            boolean gone = each.ownerGone();
            each.swapInto(interval);
            if (gone) {
                stripes.remove(each);
            }
        }
        cumulativeLatency.add(interval.latency);
        cumulativeServiceTime.add(interval.serviceTime);
        cumulativeFailures += interval.failures;
        // The interval's histograms are its own, made for it and never changed again: no copy.
        return stats(window, interval.latency, interval.serviceTime, interval.failures, false);
    }

    @Override
    public List<MetricStats> cumulative(Duration window) {
        return stats(window, cumulativeLatency, cumulativeServiceTime, cumulativeFailures, true);
    }

    private List<MetricStats> stats(Duration window, Histogram latencies, Histogram serviceTimes, long failed, boolean copy) {
        long count = latencies.getTotalCount();
        Distribution serviceDistribution = serviceTimes.getTotalCount() == count && count > 0
                ? distribution(serviceTimes, copy) : null;
        List<MetricStats> stats = new ArrayList<>(3);
        stats.add(new MetricStats(metric, tags, window, distribution(latencies, copy),
                serviceDistribution, count, failed, 0, 0));
        if (requestMetric != null) {
            stats.add(new MetricStats(requestMetric.count(), tags, window, null, null, count, 0, 0, 0));
            stats.add(new MetricStats(requestMetric.failed(), tags, window, null, null, count, failed, 0, 0));
        }
        return stats;
    }

    private Distribution distribution(Histogram histogram, boolean copy) {
        return copy ? Distribution.copyOf(histogram, metric.unit()) : Distribution.owning(histogram, metric.unit());
    }

    /** What one thread recorded since the last swap. Written by that thread only, inside the phaser. */
    private static final class Bucket {
        final Histogram latency = Distribution.newHistogram();
        final Histogram serviceTime = Distribution.newHistogram();
        long failures;

        void addTo(Bucket total) {
            total.latency.add(latency);
            total.serviceTime.add(serviceTime);
            total.failures += failures;
        }

        void reset() {
            latency.reset();
            serviceTime.reset();
            failures = 0;
        }
    }

    /** One recording thread's pair of buckets: it writes the active one while the tick reads the other. */
    private static final class Stripe {
        final WriterReaderPhaser phaser = new WriterReaderPhaser();
        final WeakReference<Thread> owner;
        volatile Bucket active = new Bucket();
        Bucket inactive = new Bucket();

        Stripe(Thread owner) {
            this.owner = new WeakReference<>(owner);
        }

        boolean ownerGone() {
            Thread thread = owner.get();
            return thread == null || !thread.isAlive();
        }

        /** Makes the active bucket inactive, waits for writers still in it, and adds it to {@code total}. */
        void swapInto(Bucket total) {
            phaser.readerLock();
            try {
                inactive.reset();
                Bucket written = active;
                active = inactive;
                inactive = written;
                phaser.flipPhase();
                written.addTo(total);
            } finally {
                phaser.readerUnlock();
            }
        }
    }
}
