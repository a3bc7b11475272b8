package dev.loadkit.core.internal.engine;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an open workload: a pacer on the run's timer starts each iteration at its intended time from an
 * {@link ArrivalSchedule}, on an idle virtual user of the class whose turn it is (smooth weighted round
 * robin over the class weights). Users are created when needed, up to {@code maxUsers}; an arrival that
 * finds none free and none to create is counted in {@code dropped_iterations} and never started late.
 */
final class ArrivalRunner {

    private final ExecutionContext context;
    private final ArrivalSchedule schedule;
    private final int maxUsers;
    private final List<Queue<VirtualUser>> idle = new ArrayList<>();
    private final List<VirtualUser> created = new ArrayList<>();
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final Sinks.Empty<Void> drained = Sinks.empty();
    private final int[] weights;
    private final int[] currentWeights;
    private volatile boolean arrivalsEnded;
    private long nextOffset;

    ArrivalRunner(ExecutionContext context, ArrivalSchedule schedule, int maxUsers) {
        this.context = context;
        this.schedule = schedule;
        this.maxUsers = maxUsers;
        this.weights = context.plans().stream()
                .mapToInt(plan -> plan.userClass().fixedCount().orElse(plan.userClass().weight()))
                .toArray();
        this.currentWeights = new int[weights.length];
        context.plans().forEach(plan -> idle.add(new ConcurrentLinkedQueue<>()));
    }

    /**
     * Runs the arrivals for a duration, then lets running iterations finish within the graceful stop.
     *
     * @param duration how long iterations arrive
     * @return completes when every virtual user has stopped
     */
    Mono<Void> run(Duration duration) {
        return Mono.fromRunnable(() -> {
                    nextOffset = schedule.next();
                    pace();
                })
                .then(context.endAt(duration))
                .then(Mono.defer(() -> {
                    arrivalsEnded = true;
                    checkDrained();
                    return Mono.firstWithSignal(drained.asMono(),
                            context.grace(context.gracefulStop()).then(Mono.fromRunnable(this::interruptAll)));
                }))
                .then(Mono.defer(() -> Mono.when(createdUsers().stream()
                        .map(user -> user.stop(context.gracefulStop())).toList())));
    }

    /** Starts every arrival that is due, then sleeps until the next one. */
    private void pace() {
        if (arrivalsEnded || context.control().reason() != null) {
            return;
        }
        long elapsed = context.now() - context.startNanos();
        while (nextOffset <= elapsed) {
            launch(context.startNanos() + nextOffset);
            nextOffset = schedule.next();
        }
        if (nextOffset != Long.MAX_VALUE) {
            context.schedule(this::pace, nextOffset - elapsed);
        }
    }

    private void launch(long intendedStart) {
        int classIndex = nextClass();
        VirtualUser user = idle.get(classIndex).poll();
        if (user != null) {
            iterate(user, intendedStart);
        } else if (users.incrementAndGet() <= maxUsers) {
            VirtualUser fresh = context.newUser(context.plans().get(classIndex));
            synchronized (created) {
                created.add(fresh);
            }
            busy.incrementAndGet();
            fresh.start().subscribe(started -> {
                busy.decrementAndGet();
                if (started) {
                    iterate(fresh, intendedStart);
                } else {
                    users.decrementAndGet();
                    checkDrained();
                }
            });
        } else {
            users.decrementAndGet();
            context.dropIteration();
        }
    }

    /** Smooth weighted round robin: deterministic, and every prefix of turns follows the weights closely. */
    private int nextClass() {
        int total = 0;
        int best = 0;
        for (int i = 0; i < weights.length; i++) {
            currentWeights[i] += weights[i];
            total += weights[i];
            if (currentWeights[i] > currentWeights[best]) {
                best = i;
            }
        }
        currentWeights[best] -= total;
        return best;
    }

    private void iterate(VirtualUser user, long intendedStart) {
        busy.incrementAndGet();
        context.userActive();
        user.iterate(intendedStart, outcome -> {
            context.userInactive();
            if (outcome == IterationOutcome.COMPLETED || outcome == IterationOutcome.FAILED) {
                idle.get(user.plan().index()).offer(user);
            }
            busy.decrementAndGet();
            checkDrained();
        });
    }

    private void checkDrained() {
        if (arrivalsEnded && busy.get() == 0) {
            drained.tryEmitEmpty();
        }
    }

    private void interruptAll() {
        createdUsers().forEach(VirtualUser::interrupt);
    }

    private List<VirtualUser> createdUsers() {
        synchronized (created) {
            return List.copyOf(created);
        }
    }
}
