package dev.loadkit.core.report;

import java.time.Duration;
import java.util.Optional;

import dev.loadkit.core.RunSummary;

/**
 * Receives a run as it happens: its start, a snapshot every interval (one second by default), and its
 * summary at the end. Calls come from one thread of the engine, never from the recording path, so a slow
 * reporter delays other reporters but never the load.
 *
 * <p>File reporters write in {@link #onEnd}; it is also called when the run is interrupted, with the data
 * so far, so that no report is lost. Write files atomically (a temporary file, then a rename).
 */
public interface Reporter {

    /**
     * Called before an unmeasured warm-up, when the run has one; nothing of the warm-up reaches the
     * snapshots or the summary.
     *
     * @param duration the warm-up's length
     */
    default void onWarmUp(Duration duration) {
    }

    /**
     * The run starts.
     *
     * @param start what is about to run
     */
    default void onStart(RunStart start) {
    }

    /**
     * An interval ended.
     *
     * @param snapshot the interval's metrics
     */
    default void onInterval(IntervalSnapshot snapshot) {
    }

    /**
     * With {@link dev.loadkit.core.RunOptions#verbose()} ({@code --verbose}): the first error of a kind, on the
     * interval after it happened.
     *
     * @param error the error, with its exception when one raised it
     */
    default void onFirstError(FirstError error) {
    }

    /**
     * The run ended, completely or not.
     *
     * @param summary what it measured and decided
     * @throws Exception when the report cannot be written; the run reports it and goes on with the others
     */
    default void onEnd(RunSummary summary) throws Exception {
    }

    /**
     * The run's output this reporter writes, such as {@code json}, if it writes one: when its {@link #onEnd}
     * fails, the summary then names that report as not written.
     *
     * @return the output's name, or empty for a reporter that writes none of the run's outputs
     */
    default Optional<String> output() {
        return Optional.empty();
    }

    /**
     * Whether this reporter tells a person how the run ended, as the console does: its {@link #onEnd} comes
     * after every other reporter's, with a summary that says which reports could not be written, so that it
     * never lists a report that is not there.
     *
     * @return true for the console and its like
     */
    default boolean speaksLast() {
        return false;
    }
}
