package dev.loadkit.core.internal.engine;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an open workload: a pacer starts each iteration at its intended time from an
 * {@link ArrivalSchedule}, on an idle virtual user of the class whose turn it is (smooth weighted round
 * robin over the class weights).
 *
 * <p>An arrival that finds no idle user of its class is <em>dropped</em> and counted, never started late,
 * as in k6; if fewer than {@code maxUsers} users exist, a new one is created in the background (its
 * {@code onStart} runs) for later arrivals. Users for the first second of arrivals are created before the
 * schedule starts, so that a run does not open with drops.
 *
 * <p>Only the pacer decides: it runs on the run's timer, one call at a time (a trampoline serializes the
 * timer and a stop request), and it alone ends the arrivals. Each iteration holds one count of
 * {@code busy} from its launch to its end, so the run drains exactly when the last one ends.
 */
final class ArrivalRunner {

    private final ExecutionContext context;
    private final ArrivalSchedule schedule;
    private final int maxUsers;
    private final List<Queue<VirtualUser>> idle = new ArrayList<>();
    private final List<VirtualUser> created = new ArrayList<>();
    private final List<Disposable> starting = new ArrayList<>();
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger pacing = new AtomicInteger();
    private final Sinks.Empty<Void> arrivalsEnded = Sinks.empty();
    private final Sinks.Empty<Void> drained = Sinks.empty();
    private final int[] weights;
    private final int[] currentWeights;
    private volatile boolean ended;
    private volatile boolean closed;
    private long origin;
    private long endOffset;
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
     * @param firstSecond the arrivals in the first second, the users to create before the start
     * @return completes when every virtual user has stopped
     */
    Mono<Void> run(Duration duration, int firstSecond) {
        return Mono.defer(() -> Mono.when(preallocate(Math.min(maxUsers, Math.max(1, firstSecond)))))
                .then(Mono.defer(() -> {
                    origin = context.now();
                    endOffset = duration.toNanos();
                    nextOffset = schedule.next();
                    context.control().stopped().subscribe(null, null, this::pace);
                    pace();
                    return arrivalsEnded.asMono();
                }))
                .then(Mono.defer(() -> {
                    checkDrained();
                    return Mono.firstWithSignal(drained.asMono(),
                            context.grace(context.gracefulStop()).then(Mono.fromRunnable(this::interruptAll)));
                }))
                .then(Mono.defer(() -> Mono.when(createdUsers().stream()
                        .map(user -> user.stop(context.gracefulStop(), context.control().interrupted())
                                .doFinally(signal -> context.userRetired()))
                        .toList())));
    }

    private List<Mono<Void>> preallocate(int count) {
        List<Mono<Void>> starts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int classIndex = nextClass();
            Sinks.Empty<Void> ready = Sinks.empty();
            createUser(classIndex, ready);
            starts.add(ready.asMono());
        }
        return starts;
    }

    /** Starts every arrival that is due, then sleeps until the next; a trampoline keeps it single-threaded. */
    private void pace() {
        if (pacing.getAndIncrement() != 0) {
            return;
        }
        do {
            paceOnce();
        } while (pacing.decrementAndGet() != 0);
    }

    private void paceOnce() {
        if (ended) {
            return;
        }
        long elapsed = context.now() - origin;
        if (context.control().reason() != null) {
            endArrivals();
            return;
        }
        while (nextOffset <= elapsed && nextOffset < endOffset) {
            launch(origin + nextOffset);
            nextOffset = schedule.next();
        }
        if (nextOffset >= endOffset) {
            if (elapsed >= endOffset) {
                endArrivals();
            } else {
                context.schedule(this::pace, endOffset - elapsed);
            }
            return;
        }
        context.schedule(this::pace, nextOffset - elapsed);
    }

    private void endArrivals() {
        ended = true;
        arrivalsEnded.tryEmitEmpty();
    }

    private void launch(long intendedStart) {
        int classIndex = nextClass();
        VirtualUser user = idle.get(classIndex).poll();
        if (user != null) {
            iterate(user, intendedStart);
            return;
        }
        context.dropIteration();
        createUser(classIndex, Sinks.empty());
    }

    /** Creates a user if fewer than {@code maxUsers} exist; once its {@code onStart} is done it waits for arrivals. */
    private void createUser(int classIndex, Sinks.Empty<Void> ready) {
        if (users.incrementAndGet() > maxUsers) {
            users.decrementAndGet();
            ready.tryEmitEmpty();
            return;
        }
        VirtualUser user = context.newUser(context.plans().get(classIndex));
        synchronized (created) {
            created.add(user);
            starting.add(user.start().subscribe(started -> {
                if (started && !closed) {
                    idle.get(classIndex).offer(user);
                } else {
                    retire(user);
                }
                ready.tryEmitEmpty();
            }));
        }
    }

    /** A user whose {@code onStart} failed: it is stopped now, and frees its place for another. */
    private void retire(VirtualUser user) {
        synchronized (created) {
            created.remove(user);
        }
        users.decrementAndGet();
        user.stop(context.gracefulStop(), context.control().interrupted())
                .doFinally(signal -> context.userRetired())
                .subscribe();
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
            if (!closed && (outcome == IterationOutcome.COMPLETED || outcome == IterationOutcome.FAILED)) {
                idle.get(context.plans().indexOf(user.plan())).offer(user);
            } else if (outcome == IterationOutcome.USER_FINISHED) {
                users.decrementAndGet();
            }
            busy.decrementAndGet();
            checkDrained();
        });
    }

    private void checkDrained() {
        if (ended && busy.get() == 0) {
            drained.tryEmitEmpty();
        }
    }

    /** The graceful stop is over: cut running iterations and pending starts. */
    private void interruptAll() {
        closed = true;
        synchronized (created) {
            starting.forEach(Disposable::dispose);
        }
        createdUsers().forEach(VirtualUser::interrupt);
    }

    private List<VirtualUser> createdUsers() {
        synchronized (created) {
            return List.copyOf(created);
        }
    }
}
