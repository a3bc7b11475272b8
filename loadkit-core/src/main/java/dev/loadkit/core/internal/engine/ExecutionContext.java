package dev.loadkit.core.internal.engine;

import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.CounterSeries;
import dev.loadkit.core.metrics.GaugeSeries;
import dev.loadkit.core.metrics.Tags;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an executor works with: the classes that run and their mix, the run's scope and control, the
 * graceful periods, and the bookkeeping of virtual users ({@code vus}, {@code vus_max},
 * {@code dropped_iterations}).
 */
final class ExecutionContext {

    private final RunScope scope;
    private final List<ClassPlan> plans;
    private final UserMix mix;
    private final RunControl control;
    private final Duration gracefulStop;
    private final Duration gracefulRampDown;
    private final long startNanos;
    private final AtomicLong userIds = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger alive = new AtomicInteger();
    private volatile int peak;
    private final GaugeSeries vus;
    private final GaugeSeries vusMax;
    private final CounterSeries dropped;

    ExecutionContext(RunScope scope, List<ClassPlan> plans, UserMix mix, RunControl control,
                     Duration gracefulStop, Duration gracefulRampDown) {
        this.scope = scope;
        this.plans = List.copyOf(plans);
        this.mix = mix;
        this.control = control;
        this.gracefulStop = gracefulStop;
        this.gracefulRampDown = gracefulRampDown;
        this.startNanos = scope.clock().getAsLong();
        this.vus = scope.metrics().gauge(BuiltInMetrics.VUS, Tags.empty());
        this.vusMax = scope.metrics().gauge(BuiltInMetrics.VUS_MAX, Tags.empty());
        this.dropped = scope.metrics().counter(BuiltInMetrics.DROPPED_ITERATIONS, Tags.empty());
        vus.set(0);
        vusMax.set(0);
    }

    RunScope scope() {
        return scope;
    }

    List<ClassPlan> plans() {
        return plans;
    }

    UserMix mix() {
        return mix;
    }

    RunControl control() {
        return control;
    }

    Duration gracefulStop() {
        return gracefulStop;
    }

    Duration gracefulRampDown() {
        return gracefulRampDown;
    }

    long now() {
        return scope.clock().getAsLong();
    }

    /** The run's clock at its start: executors schedule against it. */
    long startNanos() {
        return startNanos;
    }

    /** A new virtual user; {@code vus_max} is the most that exist at once. */
    VirtualUser newUser(ClassPlan plan) {
        int existing = alive.incrementAndGet();
        if (existing > peak) {
            synchronized (this) {
                if (existing > peak) {
                    peak = existing;
                    vusMax.set(existing);
                }
            }
        }
        return new VirtualUser(userIds.incrementAndGet(), plan, scope);
    }

    /** A virtual user that will not run again. */
    void userRetired() {
        alive.decrementAndGet();
    }

    void userActive() {
        active.incrementAndGet();
        vus.add(1);
    }

    void userInactive() {
        active.decrementAndGet();
        vus.add(-1);
    }

    int activeUsers() {
        return active.get();
    }

    void dropIteration() {
        dropped.increment();
    }

    /** Completes at {@code offset} after the run's start, or earlier when the run is asked to stop. */
    Mono<Void> endAt(Duration offset) {
        long delay = startNanos + offset.toNanos() - now();
        return Mono.firstWithSignal(
                Mono.delay(Duration.ofNanos(Math.max(0, delay)), scope.scheduler()).then(),
                control.stopped());
    }

    /** Completes after a grace period, or at once when the run is interrupted. */
    Mono<Void> grace(Duration period) {
        return Mono.firstWithSignal(Mono.delay(period, scope.scheduler()).then(), control.interrupted());
    }

    /** Runs an action on the run's scheduler after a delay in nanoseconds. */
    void schedule(Runnable action, long delayNanos) {
        scope.scheduler().schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }
}
