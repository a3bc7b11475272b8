package dev.loadkit.core.internal.engine;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.report.Reporter;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a test in virtual time: every timer of the engine and of the simulated service runs on one
 * {@link VirtualTimeScheduler}, so a ten-minute workload runs in milliseconds and every time is exact.
 */
final class VirtualRun {

    static final long SEED = 42;

    private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    private final RunControl control = new RunControl();

    static RunSummary run(LoadTest test) {
        return new VirtualRun().execute(test, RunOptions.defaults(), List.of());
    }

    static RunSummary run(LoadTest test, RunOptions options) {
        return new VirtualRun().execute(test, options, List.of());
    }

    RunControl control() {
        return control;
    }

    VirtualTimeScheduler scheduler() {
        return scheduler;
    }

    /** Virtual nanoseconds since the scheduler was created, the run's clock. */
    long now() {
        return scheduler.now(TimeUnit.NANOSECONDS);
    }

    RunSummary execute(LoadTest test, RunOptions options, List<Reporter> reporters) {
        Engine.Settings settings = new Engine.Settings(scheduler, scheduler, this::now,
                () -> Instant.EPOCH.plusNanos(now()), SEED, Duration.ofSeconds(1), Duration.ZERO);
        AtomicReference<RunSummary> summary = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        new Engine(test, options, settings, reporters, control).run().subscribe(summary::set, failure::set);
        for (int hour = 0; hour < 48 && summary.get() == null && failure.get() == null; hour++) {
            scheduler.advanceTimeBy(Duration.ofHours(1));
        }
        if (failure.get() != null) {
            throw new AssertionError("the run failed", failure.get());
        }
        if (summary.get() == null) {
            throw new AssertionError("the run did not end within 48 virtual hours");
        }
        return summary.get();
    }
}
