package dev.loadkit.core.internal.engine;

import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.CounterSeries;
import dev.loadkit.core.metrics.GaugeSeries;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.metrics.TrendSeries;
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
    private final Users users;
    private final RunEvents events;

    /** The bookkeeping of virtual users, shared by the phases of a run. */
    private static final class Users {
        final AtomicLong ids = new AtomicLong();
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger alive = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final GaugeSeries vus;
        final GaugeSeries vusMax;
        final CounterSeries dropped;
        final TrendSeries lag;

        Users(RunScope scope) {
            vus = scope.metrics().gauge(BuiltInMetrics.VUS, Tags.empty());
            vusMax = scope.metrics().gauge(BuiltInMetrics.VUS_MAX, Tags.empty());
            dropped = scope.metrics().counter(BuiltInMetrics.DROPPED_ITERATIONS, Tags.empty());
            lag = scope.metrics().trend(BuiltInMetrics.GENERATOR_LAG, Tags.of("source", "iteration"));
            vus.set(0);
            vusMax.set(0);
        }
    }

    ExecutionContext(RunScope scope, List<ClassPlan> plans, UserMix mix, RunControl control,
                     Duration gracefulStop, Duration gracefulRampDown, RunEvents events) {
        this(scope, plans, mix, control, gracefulStop, gracefulRampDown, new Users(scope), events);
    }

    private ExecutionContext(RunScope scope, List<ClassPlan> plans, UserMix mix, RunControl control,
                             Duration gracefulStop, Duration gracefulRampDown, Users users, RunEvents events) {
        this.events = events;
        this.scope = scope;
        this.plans = List.copyOf(plans);
        this.mix = mix;
        this.control = control;
        this.gracefulStop = gracefulStop;
        this.gracefulRampDown = gracefulRampDown;
        this.startNanos = scope.clock().getAsLong();
        this.users = users;
    }

    /**
     * A phase of a run: some of its classes, from now on, counting users with the rest of the run.
     *
     * @param phasePlans the classes of the phase
     * @param phaseMix their mix
     * @return the phase's context
     */
    ExecutionContext phase(List<ClassPlan> phasePlans, UserMix phaseMix) {
        return new ExecutionContext(scope, phasePlans, phaseMix, control, gracefulStop, gracefulRampDown, users, events);
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
        int existing = users.alive.incrementAndGet();
        if (users.peak.accumulateAndGet(existing, Math::max) == existing) {
            synchronized (users) {
                users.vusMax.set(users.peak.get());
            }
        }
        return new VirtualUser(users.ids.incrementAndGet(), plan, scope);
    }

    /** A virtual user that will not run again. */
    void userRetired() {
        users.alive.decrementAndGet();
    }

    void userActive() {
        users.active.incrementAndGet();
        users.vus.add(1);
    }

    void userInactive() {
        users.active.decrementAndGet();
        users.vus.add(-1);
    }

    int activeUsers() {
        return users.active.get();
    }

    void dropIteration() {
        users.dropped.increment();
    }

    /**
     * Records how late the generator started an iteration against its intended time: a pacer or a think
     * timer that fired late. A paced user whose previous iteration overran is late because of the target,
     * and is not recorded here.
     *
     * @param lateNanos the lateness
     */
    void recordLag(long lateNanos) {
        users.lag.record(Math.max(0, lateNanos));
    }

    void dropIterations(long count) {
        users.dropped.add(count);
    }

    /**
     * What executors tell the run beside their metrics: warnings and phase boundaries.
     *
     * @return the run's events
     */
    RunEvents events() {
        return events;
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
