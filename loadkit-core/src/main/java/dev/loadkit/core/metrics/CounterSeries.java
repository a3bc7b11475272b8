package dev.loadkit.core.metrics;

/** The series of one counter for one set of tags. */
public interface CounterSeries {

    /**
     * Adds to the counter.
     *
     * @param amount how much; never negative
     */
    void add(long amount);

    /** Adds one. */
    default void increment() {
        add(1);
    }
}
