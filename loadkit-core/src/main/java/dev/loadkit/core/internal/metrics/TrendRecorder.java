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
 * them into the interval's and the run's histograms through flat scratch histograms of its own; it is the only caller of
 * {@link #takeInterval} and {@link #cumulative}.
 *
 * <p>A stripe's histograms are flat ({@link IntCountsHistogram}), not packed: a packed histogram's write
 * walks its index (about 0.1 us, a tenth of the HTTP path's CPU in a profile), a flat one's is an array
 * increment. The price is memory: about 32 KB per histogram for values up to 100 ms, four per stripe, held
 * only by the threads that record the series. The run's cumulative pair is flat too (about 100 KB each), and so
 * is each interval's, sized to its own largest value: adding into packed histograms bucket by bucket was a third
 * of the generator's core in the open model's profile at 10,000 requests/s.
 */
final class TrendRecorder implements TrendSeries, RequestSeries, SeriesRecorder {

    private final Metric metric;
    private final RequestMetric requestMetric;
    private final Tags tags;
    private final List<Stripe> stripes = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Stripe> stripe = ThreadLocal.withInitial(this::newStripe);

    /** The run's histograms, flat: written every tick, read at the end (and by abort thresholds). */
    private final Histogram cumulativeLatency = new Histogram(3);
    private final Histogram cumulativeServiceTime = new Histogram(3);
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
        // The stripes are summed into the tick's flat scratch histograms, from which the interval's and the run's
        // histograms are written. All are flat: packed histograms, which grow and copy themselves bucket by bucket,
        // took a third of the generator's core in the open model's profile at 10,000 requests/s.
        Scratch scratch = SCRATCH.get();
        scratch.reset();
        long failures = 0;
        for (Stripe each : stripes) {
            // Asked before the swap: a thread that was dead then wrote everything it ever will before it.
            boolean gone = each.ownerGone();
            Bucket written = each.swap();
            scratch.latency.add(written.latency);
            scratch.serviceTime.add(written.serviceTime);
            failures += written.failures;
            if (gone) {
                stripes.remove(each);
            }
        }
        Histogram latency = intervalCopy(scratch.latency);
        Histogram serviceTime = intervalCopy(scratch.serviceTime);
        cumulativeLatency.add(scratch.latency);
        cumulativeServiceTime.add(scratch.serviceTime);
        cumulativeFailures += failures;
        // The interval's histograms are its own, made for it and never changed again: no copy.
        return stats(window, latency, serviceTime, failures, false);
    }

    /**
     * An interval's own flat histogram, no larger than its largest value needs (a few kilobytes for times of a few
     * milliseconds, 64 KB for times up to 100 ms), with the scratch's counts.
     */
    private static Histogram intervalCopy(AbstractHistogram scratch) {
        Histogram copy = new Histogram(1, Math.max(2, scratch.getMaxValue()), scratch.getNumberOfSignificantValueDigits());
        copy.setAutoResize(true);
        copy.add(scratch);
        return copy;
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

    /** The reporting thread's flat histograms, in which a tick sums the stripes of one series after another. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final AbstractHistogram latency = new Histogram(3);
        final AbstractHistogram serviceTime = new Histogram(3);

        void reset() {
            latency.reset();
            serviceTime.reset();
        }
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
