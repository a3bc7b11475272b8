package dev.loadkit.core.metrics;

import org.HdrHistogram.Histogram;

import java.util.Collection;

/**
 * An immutable distribution of values: a private copy of an HdrHistogram with its unit. Percentiles are
 * exact to three significant digits, and distributions merge without loss, also across machines.
 *
 * <p>Times are kept in microseconds and reported in milliseconds; other units are reported as recorded.
 */
public final class Distribution {

    private final Histogram histogram;
    private final MetricUnit unit;

    private Distribution(Histogram histogram, MetricUnit unit) {
        this.histogram = histogram;
        this.unit = unit;
    }

    /**
     * Wraps a copy of a histogram.
     *
     * @param histogram values in microseconds for {@link MetricUnit#TIME}, as recorded otherwise
     * @param unit what the values measure
     * @return the distribution
     */
    public static Distribution copyOf(Histogram histogram, MetricUnit unit) {
        return new Distribution(histogram.copy(), unit);
    }

    /**
     * Takes a histogram over without copying it: for a histogram nobody changes afterwards, such as an
     * interval's, which is made anew for each interval.
     *
     * @param histogram values in microseconds for {@link MetricUnit#TIME}, as recorded otherwise; not to be changed
     * @param unit what the values measure
     * @return the distribution
     */
    public static Distribution owning(Histogram histogram, MetricUnit unit) {
        return new Distribution(histogram, unit);
    }

    /**
     * An empty distribution.
     *
     * @param unit what the values measure
     * @return the distribution
     */
    public static Distribution empty(MetricUnit unit) {
        return new Distribution(newHistogram(), unit);
    }

    /**
     * The merge of several distributions of one unit: the distribution of all their values.
     *
     * @param parts the distributions
     * @param unit their unit
     * @return the merged distribution
     */
    public static Distribution merge(Collection<Distribution> parts, MetricUnit unit) {
        Histogram merged = newHistogram();
        for (Distribution part : parts) {
            merged.add(part.histogram);
        }
        return new Distribution(merged, unit);
    }

    /**
     * A new histogram with three significant digits, auto-resizing and flat: its memory follows the range of the
     * values it holds (about 100 KB for times up to a minute), and adding one to another is a walk over arrays.
     *
     * @return the histogram
     */
    public static Histogram newHistogram() {
        return new Histogram(3);
    }

    /**
     * The number of values.
     *
     * @return the count
     */
    public long count() {
        return histogram.getTotalCount();
    }

    /**
     * The smallest value, in the reported unit (milliseconds for times).
     *
     * @return the minimum, or 0 when empty
     */
    public double min() {
        return count() == 0 ? 0 : report(histogram.getMinValue());
    }

    /**
     * The largest value, in the reported unit.
     *
     * @return the maximum, or 0 when empty
     */
    public double max() {
        return count() == 0 ? 0 : report(histogram.getMaxValue());
    }

    /**
     * The mean, in the reported unit.
     *
     * @return the mean, or 0 when empty
     */
    public double mean() {
        return count() == 0 ? 0 : report(histogram.getMean());
    }

    /**
     * A percentile, in the reported unit: the value at or below which that share of values lies.
     *
     * @param percentile between 0 and 100, such as 95 or 99.9
     * @return the value, or 0 when empty
     */
    public double percentile(double percentile) {
        return count() == 0 ? 0 : report(histogram.getValueAtPercentile(percentile));
    }

    /**
     * The median, in the reported unit.
     *
     * @return the 50th percentile
     */
    public double median() {
        return percentile(50);
    }

    /**
     * What the values measure.
     *
     * @return the unit
     */
    public MetricUnit unit() {
        return unit;
    }

    /**
     * A copy of the underlying histogram, for writers of HdrHistogram logs and for merging elsewhere.
     *
     * @return a histogram the caller owns
     */
    public Histogram histogram() {
        return histogram.copy();
    }

    private double report(double recorded) {
        return unit == MetricUnit.TIME ? recorded / 1000.0 : recorded;
    }
}
