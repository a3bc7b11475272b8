package dev.loadkit.core.metrics;

/** The series of one gauge for one set of tags. */
public interface GaugeSeries {

    /**
     * Sets the current value.
     *
     * @param value the value
     */
    void set(long value);

    /**
     * Changes the current value by a delta, atomically, so that several threads counting up and down
     * (users starting and stopping) never leave a stale value.
     *
     * @param delta the change
     */
    void add(long delta);
}
