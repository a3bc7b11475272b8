package dev.loadkit.core.metrics;

/**
 * The error kinds that the core itself gives, shared by every driver so that a report groups them alike.
 * A driver's own kinds (such as {@code connect refused} or {@code status 503}) live with the driver.
 */
public final class ErrorKinds {

    /**
     * A request, message or call that was started and then cut before it completed: by the end of the
     * run, by Ctrl-C, or by a task that cancelled it. It counts as a failure, with its latency so far,
     * as k6 counts interrupted iterations.
     */
    public static final String INTERRUPTED = "interrupted";

    private ErrorKinds() {
    }
}
