package dev.loadkit.core.internal.metrics;

import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricUnit;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.metrics.TrendSeries;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;
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
 * <p>Each recording thread writes into a stripe of its own: two HdrHistograms and a counter, guarded by one
 * {@link WriterReaderPhaser}, the technique of HdrHistogram's {@code Recorder}. A request costs two
 * uncontended atomic increments on the thread's own cache lines and no allocation, and two event loops
 * recording into the same series never contend. The reporting tick swaps each stripe's buckets and merges
 * them into packed histograms; it is the only caller of {@link #takeInterval} and {@link #cumulative}.
 *
 * <p>A stripe's histograms are flat ({@link IntCountsHistogram}), not packed: a packed histogram's write
 * walks its index (about 0.1 us, a tenth of the HTTP path's CPU in a profile), a flat one's is an array
 * increment. The price is memory: about 32 KB per histogram for values up to 100 ms, four per stripe, held
 * only by the threads that record the series. What a series keeps for the run (its cumulative
 * histograms, and each interval's) stays packed.
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
        Histogram latency = Distribution.newHistogram();
        Histogram serviceTime = Distribution.newHistogram();
        long failures = 0;
        for (Stripe each : stripes) {
            // Asked before the swap: a thread that was dead then wrote everything it ever will before it.
            boolean gone = each.ownerGone();
            Bucket written = each.swap();
            latency.add(written.latency);
            serviceTime.add(written.serviceTime);
            failures += written.failures;
            if (gone) {
                stripes.remove(each);
            }
        }
        cumulativeLatency.add(latency);
        cumulativeServiceTime.add(serviceTime);
        cumulativeFailures += failures;
        // The interval's histograms are its own, made for it and never changed again: no copy.
        return stats(window, latency, serviceTime, failures, false);
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
        final AbstractHistogram latency = new IntCountsHistogram(3);
        final AbstractHistogram serviceTime = new IntCountsHistogram(3);
        long failures;

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

        /**
         * Makes the active bucket inactive and waits for writers still in it.
         *
         * @return what was written since the last swap, to read before the next one
         */
        Bucket swap() {
            phaser.readerLock();
            try {
                inactive.reset();
                Bucket written = active;
                active = inactive;
                inactive = written;
                phaser.flipPhase();
                return written;
            } finally {
                phaser.readerUnlock();
            }
        }
    }
}
