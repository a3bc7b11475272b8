package dev.loadkit.core.report;

import dev.loadkit.core.RunningTest;

import java.time.Duration;
import java.util.function.Function;

/**
 * A view of a run from the command line that lives longer than the run, such as the web dashboard: it may
 * hold the start until a person starts the run from it, it steers the running test, and it may keep the
 * process after the run so that its reports can be downloaded. From {@link ReporterProvider#liveView}; the
 * command line drives it in this order: {@link #awaitLaunch}, {@link #running}, the run (its events through
 * {@link #reporter()}), {@link #lingerAfterRun()}, {@link #close()}.
 */
public interface LiveView extends AutoCloseable {

    /**
     * Blocks until the run may start. A view that starts the run at once returns {@code prepare} of
     * {@code proposed}; one that waits for a person applies {@code prepare} to what the person sets, and
     * shows the person the message of a {@link dev.loadkit.core.ConfigurationException} it throws.
     *
     * @param proposed the launch the command line and the test ask for
     * @param prepare turns a launch into what the run needs, or throws a
     *                {@link dev.loadkit.core.ConfigurationException} that says what to fix
     * @param <T> what the run needs
     * @return {@code prepare}'s result for the launch that starts
     * @throws InterruptedException when the waiting thread is interrupted (Ctrl-C before the start)
     */
    <T> T awaitLaunch(Launch proposed, Function<Launch, T> prepare) throws InterruptedException;

    /**
     * The run started: the view may steer and stop it from now on.
     *
     * @param test the running test
     */
    void running(RunningTest test);

    /**
     * The run's events, from before its start to its summary.
     *
     * @return the reporter
     */
    Reporter reporter();

    /**
     * How long the process stays after the run for this view; Ctrl-C ends the wait.
     *
     * @return zero to end at once, or a duration; a very long one waits for Ctrl-C
     */
    Duration lingerAfterRun();

    /** Stops serving. */
    @Override
    void close();
}
