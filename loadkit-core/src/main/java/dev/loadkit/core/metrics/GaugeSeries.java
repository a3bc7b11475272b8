package dev.loadkit.core.metrics;

/** The series of one gauge for one set of tags. */
public interface GaugeSeries {

    /**
     * Sets the current value.
     *
     * @param value the value
     */
    void set(long value);
}
