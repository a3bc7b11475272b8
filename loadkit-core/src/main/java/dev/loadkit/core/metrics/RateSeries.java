package dev.loadkit.core.metrics;

/** The series of one rate for one set of tags: counts of true and false samples. */
public interface RateSeries {

    /**
     * Records one sample.
     *
     * @param value true or false; the rate is the share of true samples
     */
    void record(boolean value);
}
