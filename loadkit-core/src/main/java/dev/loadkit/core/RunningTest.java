package dev.loadkit.core;

import dev.loadkit.core.internal.engine.RunControl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A test that runs: stop it gracefully or at once, or wait for its summary. From
 * {@link LoadTest#start(RunOptions)}; {@link LoadTest#execute(RunOptions)} is {@code start(options).await()}.
 */
public final class RunningTest {

    private final CompletableFuture<RunSummary> summary;
    private final RunControl control;

    RunningTest(CompletableFuture<RunSummary> summary, RunControl control) {
        this.summary = summary;
        this.control = control;
    }

    /**
     * Stops the run gracefully: no new iterations, running ones get the graceful stop period, then every
     * report is written. The run's exit code becomes {@link ExitCode#ABORTED}.
     *
     * @param reason why, for the summary
     */
    public void stop(String reason) {
        control.stop(reason);
    }

    /**
     * Stops the run now, cutting running iterations; reports are still written.
     *
     * @param reason why, for the summary
     */
    public void interrupt(String reason) {
        control.interrupt(reason);
    }

    /**
     * Waits for the end of the run.
     *
     * @return the summary
     */
    public RunSummary await() {
        try {
            return summary.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.interrupt("the waiting thread was interrupted");
            return summary.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the run failed", e.getCause());
        }
    }
}
