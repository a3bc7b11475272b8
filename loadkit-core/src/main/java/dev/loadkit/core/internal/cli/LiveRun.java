package dev.loadkit.core.internal.cli;

import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.RunningTest;
import dev.loadkit.core.Workload;
import dev.loadkit.core.report.Launch;
import dev.loadkit.core.report.LiveView;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A run from the command line with live views (the web dashboard): they may hold the start until a person
 * starts it, with the users, spawn rate, run time, arrival rate and host the person sets; they steer the
 * run; after it they may keep the process, until Ctrl-C or their time is up.
 */
final class LiveRun {

    private final List<LiveView> views;
    private final PrintStream out;

    LiveRun(List<LiveView> views, PrintStream out) {
        this.views = List.copyOf(views);
        this.out = out;
    }

    /**
     * Runs the test.
     *
     * @param test the test
     * @param flags the command line's flags, laid over the config file and the profile
     * @param optionsOf builds a run's options from flags (all but the views' reporters), or throws a configuration error that says what to fix
     * @return the outcome; {@link ExitCode#ABORTED} without a summary when stopped before the start
     */
    CommandLineRunner.Outcome run(LoadTest test, RunFlags flags, Function<RunFlags, RunOptions.Builder> optionsOf) {
        Launch proposed = proposed(flags, optionsOf.apply(flags).build());
        RunOptions.Builder options;
        Thread waiting = Thread.currentThread();
        try (SignalHandling signals = SignalHandling.onSignal(waiting::interrupt)) {
            Launch launch = proposed;
            for (LiveView view : views) {
                launch = view.awaitLaunch(launch, given -> {
                    optionsOf.apply(flagsOf(given, proposed, flags));
                    return given;
                });
            }
            options = optionsOf.apply(launch.equals(proposed) ? flags : flagsOf(launch, proposed, flags));
        } catch (InterruptedException e) {
            out.println("loadkit: stopped before the run started");
            return new CommandLineRunner.Outcome(ExitCode.ABORTED, null);
        }
        views.forEach(view -> options.reporter(view.reporter()));
        RunningTest running = test.start(options.build());
        views.forEach(view -> view.running(running));
        RunSummary summary = running.await();
        linger();
        return new CommandLineRunner.Outcome(summary.exitCode(), summary);
    }

    /** Keeps the process while a view asks for it; Ctrl-C ends the wait. */
    private void linger() {
        Duration longest = views.stream().map(LiveView::lingerAfterRun).max(Duration::compareTo).orElse(Duration.ZERO);
        if (longest.isZero() || longest.isNegative()) {
            return;
        }
        CountDownLatch released = new CountDownLatch(1);
        try (SignalHandling signals = SignalHandling.onSignal(released::countDown)) {
            boolean untilSignal = longest.toDays() > 365;
            out.println(untilSignal ? "loadkit: the dashboard stays up; press Ctrl-C to exit"
                    : "loadkit: the dashboard stays up for " + longest.toSeconds() + " s; press Ctrl-C to exit sooner");
            out.flush();
            if (untilSignal) {
                released.await();
            } else {
                released.await(longest.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the command line asks for, as a person would see it on the start form. */
    static Launch proposed(RunFlags flags, RunOptions options) {
        Workload workload = options.workload().orElseThrow();
        Double rate = workload instanceof Workload.ConstantArrivalRate open ? open.rate() : null;
        return new Launch(workload.peakUsers(), rate == null ? flags.spawnRate() : null, workload.duration(), rate,
                options.host().orElse(null));
    }

    /**
     * The flags of a launch: what the person changed replaces the workload's flags (so that a changed run time
     * alone keeps the workload's shape, as {@code --run-time} alone does), and the host replaces the host.
     */
    static RunFlags flagsOf(Launch launch, Launch proposed, RunFlags flags) {
        RunFlags result = flags;
        if (launch.changesWorkloadOf(proposed)) {
            boolean shapeChanged = !Objects.equals(launch.users(), proposed.users())
                    || !Objects.equals(launch.spawnRate(), proposed.spawnRate())
                    || !Objects.equals(launch.arrivalRate(), proposed.arrivalRate());
            RunFlags launched = shapeChanged
                    ? RunFlags.ofWorkload(launch.users(), launch.spawnRate(), launch.runTime(), launch.arrivalRate())
                    : RunFlags.ofWorkload(null, null, launch.runTime(), null);
            result = launched.over(shapeChanged ? flags.withoutWorkload() : flags);
        }
        if (!Objects.equals(launch.hostIfSet().orElse(null), proposed.host())) {
            result = RunFlags.ofHost(launch.hostIfSet().orElse(null)).over(result);
        }
        return result;
    }
}
