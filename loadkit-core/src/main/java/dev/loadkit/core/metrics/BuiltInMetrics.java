package dev.loadkit.core.metrics;

import java.util.List;

/** The metrics that the engine records in every run, with k6's names. */
public final class BuiltInMetrics {

    /** Completed iterations (one task run of a virtual user), tagged with user class and task. */
    public static final Metric ITERATIONS = Metric.counter("iterations");
    /** The time of one iteration, from its intended start. */
    public static final Metric ITERATION_DURATION = Metric.trend("iteration_duration");
    /** Iterations an open workload could not start on time because every virtual user was busy. */
    public static final Metric DROPPED_ITERATIONS = Metric.counter("dropped_iterations");
    /** Iterations cut by the end of the run or by Ctrl-C before they completed (k6's interrupted iterations). */
    public static final Metric INTERRUPTED_ITERATIONS = Metric.counter("interrupted_iterations");
    /**
     * The generator's own lateness: how late each iteration started against its intended time, and how
     * long the generator's timer thread was held up beyond its period. When it is large, latencies are
     * partly the generator's, not the target's.
     */
    public static final Metric GENERATOR_LAG = Metric.trend("generator_lag");
    /** Virtual users running now. */
    public static final Metric VUS = Metric.gauge("vus");
    /** Virtual users created so far: the most that ran at once in closed models, the pool in open ones. */
    public static final Metric VUS_MAX = Metric.gauge("vus_max");
    /** The share of checks that passed, tagged with the check's name. */
    public static final Metric CHECKS = Metric.rate("checks");
    /** Bytes sent by every driver. */
    public static final Metric DATA_SENT = Metric.byteCounter("data_sent");
    /** Bytes received by every driver. */
    public static final Metric DATA_RECEIVED = Metric.byteCounter("data_received");
    /** The time spent in a group, tagged with the group's path. */
    public static final Metric GROUP_DURATION = Metric.trend("group_duration");

    /** The tag that names a check. */
    public static final String CHECK_TAG = "check";
    /** The tag that names a group path, such as {@code ::checkout::payment}. */
    public static final String GROUP_TAG = "group";
    /** The tag that names a user class. */
    public static final String USER_CLASS_TAG = "user_class";
    /** The tag that names a task. */
    public static final String TASK_TAG = "task";

    private BuiltInMetrics() {
    }

    /**
     * Every built-in metric.
     *
     * @return the definitions
     */
    public static List<Metric> all() {
        return List.of(ITERATIONS, ITERATION_DURATION, DROPPED_ITERATIONS, INTERRUPTED_ITERATIONS, GENERATOR_LAG, VUS, VUS_MAX, CHECKS,
                DATA_SENT, DATA_RECEIVED, GROUP_DURATION);
    }
}
