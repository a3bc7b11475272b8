package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Stage;

import java.util.List;

/**
 * The intended start times of an open workload's iterations. The rate moves linearly within each stage,
 * so the number of arrivals by time {@code t} is the integral of the rate, and the k-th arrival (from 0)
 * is where that integral reaches k: a quadratic, solved in closed form. Every arrival has an exact
 * intended time, whatever the timer's precision; a timer that fires late makes the iteration late, and
 * the lateness counts as latency.
 */
final class ArrivalSchedule {

    private double[] startRates;
    private double[] endRates;
    private long[] lengths;
    private int stage;
    private long stageStartNanos;
    /** Arrivals up to the current stage's start. */
    private double arrivalsBefore;
    private long nextArrival;

    private ArrivalSchedule(double[] startRates, double[] endRates, long[] lengths) {
        this.startRates = startRates;
        this.endRates = endRates;
        this.lengths = lengths;
    }

    /** A rate per second that starts at {@code startRate} and ramps through stages whose targets are rates. */
    static ArrivalSchedule ramping(double startRate, List<Stage> stages) {
        double[] starts = new double[stages.size()];
        double[] ends = new double[stages.size()];
        long[] lengths = new long[stages.size()];
        double from = startRate;
        for (int i = 0; i < stages.size(); i++) {
            starts[i] = from;
            ends[i] = stages.get(i).target();
            lengths[i] = stages.get(i).duration().toNanos();
            from = ends[i];
        }
        return new ArrivalSchedule(starts, ends, lengths);
    }

    /** A constant rate per second for a duration in nanoseconds. */
    static ArrivalSchedule constant(double perSecond, long lengthNanos) {
        return new ArrivalSchedule(new double[] {perSecond}, new double[] {perSecond}, new long[] {lengthNanos});
    }

    /**
     * The offset from the workload's start of the next arrival.
     *
     * @return nanoseconds, or {@link Long#MAX_VALUE} when the schedule has no more arrivals
     */
    long next() {
        long k = nextArrival;
        while (stage < lengths.length) {
            double a = startRates[stage] / 1e9;
            double b = endRates[stage] / 1e9;
            long length = lengths[stage];
            double inStage = (a + b) / 2 * length;
            double x = k - arrivalsBefore;
            if (x < inStage - 1e-9) {
                nextArrival++;
                return stageStartNanos + offsetInStage(a, (b - a) / length, x);
            }
            arrivalsBefore += inStage;
            stageStartNanos += length;
            stage++;
        }
        return Long.MAX_VALUE;
    }

    /**
     * Skips every arrival before an offset, in constant time per stage, for a pacer that fell too far
     * behind to start them: the next call of {@link #next()} gives the first arrival at or after it.
     *
     * @param offsetNanos the offset
     * @return how many arrivals were skipped
     */
    long skipBefore(long offsetNanos) {
        while (stage < lengths.length && offsetNanos >= stageStartNanos + lengths[stage]) {
            arrivalsBefore += (startRates[stage] + endRates[stage]) / 2 / 1e9 * lengths[stage];
            stageStartNanos += lengths[stage];
            stage++;
        }
        double due = arrivalsBefore;
        if (stage < lengths.length) {
            double a = startRates[stage] / 1e9;
            double slope = (endRates[stage] / 1e9 - a) / lengths[stage];
            double t = offsetNanos - stageStartNanos;
            due += a * t + slope * t * t / 2;
        }
        // Arrival k is at or after the offset exactly when k >= the arrivals due by then.
        long first = (long) Math.ceil(due - 1e-9);
        long skipped = Math.max(0, first - nextArrival);
        nextArrival += skipped;
        return skipped;
    }

    /**
     * Replaces the rest of the schedule with a constant rate from an offset to an end, for a run that is
     * steered: the first arrival after the change is due at the offset, the next ones {@code 1 / rate} apart.
     *
     * @param offsetNanos when the new rate applies, from the workload's start
     * @param perSecond the new rate, zero or more
     * @param endNanos the offset where arrivals end
     */
    void changeRate(long offsetNanos, double perSecond, long endNanos) {
        startRates = new double[] {perSecond};
        endRates = new double[] {perSecond};
        lengths = new long[] {Math.max(0, endNanos - offsetNanos)};
        stage = 0;
        stageStartNanos = offsetNanos;
        arrivalsBefore = nextArrival;
    }

    /**
     * Solves {@code a t + s t^2 / 2 = x} for t, in the form that stays accurate for rising, falling and
     * constant rates alike.
     */
    private static long offsetInStage(double a, double slope, double x) {
        if (x <= 0) {
            return 0;
        }
        return (long) Math.ceil(2 * x / (a + Math.sqrt(Math.max(0, a * a + 2 * slope * x))));
    }
}
