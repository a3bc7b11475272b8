package dev.loadkit.core;

import dev.loadkit.core.internal.engine.RunControl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A test that runs: steer its load, stop it gracefully or at once, or wait for its summary. From
 * {@link LoadTest#start(RunOptions)}; {@link LoadTest#execute(RunOptions)} is {@code start(options).await()}.
 */
public final class RunningTest {

    private final CompletableFuture<RunSummary> summary;
    private final RunControl control;
    private final Workload workload;

    RunningTest(CompletableFuture<RunSummary> summary, RunControl control, Workload workload) {
        this.summary = summary;
        this.control = control;
        this.workload = workload;
    }

    /**
     * The workload that runs, as planned before any steering.
     *
     * @return the workload
     */
    public Workload workload() {
        return workload;
    }

    /**
     * Whether {@link #steerUsers} applies: the workload is closed, a number of users that is not bound to a
     * number of iterations ({@link Workload.ConstantUsers} or {@link Workload.RampingUsers}).
     *
     * @return true when the users can be steered
     */
    public boolean steersUsers() {
        return workload instanceof Workload.ConstantUsers || workload instanceof Workload.RampingUsers;
    }

    /**
     * Whether {@link #steerArrivalRate} applies: the workload is open ({@link Workload.ConstantArrivalRate} or
     * {@link Workload.RampingArrivalRate}).
     *
     * @return true when the arrival rate can be steered
     */
    public boolean steersArrivalRate() {
        return workload instanceof Workload.ConstantArrivalRate || workload instanceof Workload.RampingArrivalRate;
    }

    /**
     * Runs this many users from now until the planned end, in place of the rest of the workload's plan, as
     * Locust's web UI does: users are started at once or stopped gracefully (the most recent first),
     * keeping the classes' weights. The end of the run does not change.
     *
     * @param users the users, zero or more
     * @throws IllegalArgumentException when {@code users} is negative
     * @throws IllegalStateException when the workload is not one of users ({@link #steersUsers()})
     */
    public void steerUsers(int users) {
        if (users < 0) {
            throw new IllegalArgumentException("users must be zero or more, got " + users);
        }
        if (!steersUsers()) {
            throw new IllegalStateException("the users of this workload cannot be changed: " + kind());
        }
        control.steerUsers(users);
    }

    /**
     * Starts this many iterations per second from now until the planned end, in place of the rest of the
     * workload's plan; the workload's most users still bound how many run at once.
     *
     * @param perSecond the arrival rate, zero or more
     * @throws IllegalArgumentException when the rate is negative or not a number
     * @throws IllegalStateException when the workload is not open ({@link #steersArrivalRate()})
     */
    public void steerArrivalRate(double perSecond) {
        if (!Double.isFinite(perSecond) || perSecond < 0) {
            throw new IllegalArgumentException("the arrival rate must be zero or more, got " + perSecond);
        }
        if (!steersArrivalRate()) {
            throw new IllegalStateException("the arrival rate of this workload cannot be changed: " + kind());
        }
        control.steerArrivalRate(perSecond);
    }

    private String kind() {
        return steersUsers() ? "it is a workload of users, steer its users"
                : steersArrivalRate() ? "it is an open workload, steer its arrival rate"
                : "it runs a planned number of iterations or phases";
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
