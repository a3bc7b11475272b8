package dev.loadkit.core.internal.engine;

import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.metrics.TrendSeries;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Measures how late the run's timer thread wakes up, as jHiccup does: a task asks to run every period and
 * records into {@code generator_lag} (tag {@code source: timer}) how much later than asked it ran. A pause
 * of the JVM (GC, safepoints, class loading) or a saturated core delays every virtual user's timer just as
 * much, and would otherwise be reported as the target's latency.
 */
final class LagSampler {

    /** The tags of the timer's lag; iterations' own lateness is tagged {@code source: iteration}. */
    static final Tags TIMER = Tags.of("source", "timer");

    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final long periodNanos;
    private final TrendSeries lag;
    private volatile boolean stopped;

    LagSampler(Scheduler scheduler, LongSupplier clock, Duration period, RunScope scope) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.periodNanos = period.toNanos();
        this.lag = scope.metrics().trend(BuiltInMetrics.GENERATOR_LAG, TIMER);
    }

    /** Starts sampling. */
    void start() {
        schedule(clock.getAsLong() + periodNanos);
    }

    /** Stops sampling; the pending task is not cancelled (that could interrupt its thread), it finds the flag. */
    void stop() {
        stopped = true;
    }

    private void schedule(long due) {
        if (stopped) {
            return;
        }
        scheduler.schedule(() -> {
            long now = clock.getAsLong();
            lag.record(Math.max(0, now - due));
            schedule(now + periodNanos);
        }, Math.max(0, due - clock.getAsLong()), TimeUnit.NANOSECONDS);
    }
}
