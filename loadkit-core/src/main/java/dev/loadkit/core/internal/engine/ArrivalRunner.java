package dev.loadkit.core.internal.engine;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an open workload: a pacer starts each iteration at its intended time from an
 * {@link ArrivalSchedule}, on an idle virtual user of the class whose turn it is (smooth weighted round
 * robin over the class weights).
 *
 * <p>An arrival takes the user of its class that became idle last: its connections are the warmest, and the
 * users in use follow the concurrency the rate needs rather than cycling through every user created (at 10,000
 * arrivals/s over 2,000 users, the first-idle order dropped arrivals for want of a free user and put the
 * generator's lag p99 at 27-42 ms, against none dropped and 4-6 ms).
 *
 * <p>Users are created before the schedule starts, enough for the peak rate times two seconds of latency
 * (k6's pre-allocated users), never more than {@code maxUsers}. An arrival that finds no idle user of its
 * class gets a new user while fewer than {@code maxUsers} exist (it starts once the user's {@code onStart}
 * is done; the wait counts as latency, from the intended start), and a spare one is created ahead of need
 * whenever a class runs out of idle users. Only when all {@code maxUsers} are busy is an arrival
 * <em>dropped</em> and counted, never started late, as in k6.
 *
 * <p>A pacer that falls behind (a rate beyond what the generator can start) launches a bounded batch per
 * call, so that the run's end and Ctrl-C are still heard, and drops the arrivals it is more than
 * {@value #MAX_BEHIND_MILLIS} ms late for, counted, with one warning in the summary.
 *
 * <p>A steered rate ({@link RunControl#steerArrivalRate}) replaces the rest of the schedule, applied by the
 * pacer on its next call, which the request makes at once.
 *
 * <p>Only the pacer decides: it runs on the run's timer, one call at a time (a trampoline serializes the
 * timer and a stop request), and it alone ends the arrivals. Each iteration holds one count of
 * {@code busy} from its launch to its end, so the run drains exactly when the last one ends.
 */
final class ArrivalRunner {

    /** Arrivals launched per call of the pacer before it yields its thread. */
    private static final int MAX_LAUNCHES_PER_CALL = 10_000;
    /** How late the pacer may fall behind before it drops the arrivals it cannot start in time. */
    private static final long MAX_BEHIND_MILLIS = 100;
    /** Users created before the start: the peak rate times this latency in seconds (k6's pre-allocated users). */
    private static final double PREALLOCATED_SECONDS = 2;
    /** The intended start of no arrival: a user created ahead of need. */
    private static final long NO_ARRIVAL = Long.MIN_VALUE;

    private final ExecutionContext context;
    private final ArrivalSchedule schedule;
    private final int maxUsers;
    private final List<Deque<VirtualUser>> idle = new ArrayList<>();
    private final List<VirtualUser> created = new ArrayList<>();
    private final List<Disposable> starting = new ArrayList<>();
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    /** Arrivals held for users whose {@code onStart} has not finished yet. */
    private final AtomicInteger awaitingStart = new AtomicInteger();
    private final AtomicInteger pacing = new AtomicInteger();
    private final Sinks.Empty<Void> arrivalsEnded = Sinks.empty();
    private final Sinks.Empty<Void> drained = Sinks.empty();
    private final int[] weights;
    private final int[] currentWeights;
    private volatile boolean ended;
    /** The latest wake of the pacer that counts; written by the pacer only. */
    private volatile long wakeGeneration;
    /** A rate a person asked for, not yet applied by the pacer. */
    private final AtomicReference<Double> steeredRate = new AtomicReference<>();
    private volatile boolean closed;
    private long origin;
    private long endOffset;
    private long nextOffset;
    /** Arrivals dropped because the pacer itself fell behind, not because users were busy. */
    private long droppedBehind;
    private final AtomicLong launched = new AtomicLong();

    ArrivalRunner(ExecutionContext context, ArrivalSchedule schedule, int maxUsers) {
        this.context = context;
        this.schedule = schedule;
        this.maxUsers = maxUsers;
        this.weights = context.plans().stream()
                .mapToInt(plan -> plan.userClass().fixedCount().orElse(plan.userClass().weight()))
                .toArray();
        this.currentWeights = new int[weights.length];

        context.plans().forEach(plan -> idle.add(new ConcurrentLinkedDeque<>()));
    }

    /**
     * Runs the arrivals for a duration, then lets running iterations finish within the graceful stop.
     *
     * @param duration how long iterations arrive
     * @param peakRate the highest arrival rate per second of the schedule, to size the users created before the start
     * @return completes when every virtual user has stopped
     */
    Mono<Void> run(Duration duration, double peakRate) {
        int preallocated = (int) Math.min(maxUsers, Math.max(1, Math.ceil(peakRate * PREALLOCATED_SECONDS)));
        return Mono.defer(() -> awaitStarts(preallocate(preallocated)))
                .then(Mono.defer(() -> {
                    origin = context.now();
                    endOffset = duration.toNanos();
                    nextOffset = schedule.next();
                    context.control().stopped().subscribe(null, null, this::pace);
                    Disposable steering = context.control().steeredArrivalRate().subscribe(rate -> {
                        steeredRate.set(rate);
                        pace();
                    });
                    pace();
                    return arrivalsEnded.asMono().doFinally(signal -> steering.dispose());
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
            createUser(classIndex, ready, NO_ARRIVAL);
            starts.add(ready.asMono());
        }
        return starts;
    }

    /**
     * Waits for the pre-allocated users' {@code onStart}, at most for the graceful stop: a start that hangs
     * must not hold the schedule forever, nor a stop. Users still starting then join the idle ones once they have started.
     */
    private Mono<Void> awaitStarts(List<Mono<Void>> starts) {
        Mono<Boolean> allStarted = Mono.when(starts).thenReturn(true);
        Mono<Boolean> gaveUp = context.grace(context.gracefulStop()).thenReturn(false);
        Mono<Boolean> stopped = context.control().stopped().thenReturn(false);
        return Mono.firstWithValue(allStarted, gaveUp, stopped).doOnNext(started -> {
            if (!started && context.control().reason() == null) {
                context.events().warn(String.format(Locale.ROOT, "some of the %d users created before the start had not"
                        + " finished onStart after %d s; the arrivals began without them", starts.size(),
                        context.gracefulStop().toSeconds()));
            }
        }).then();
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
        Double rate = steeredRate.getAndSet(null);
        if (rate != null) {
            schedule.changeRate(elapsed, rate, endOffset);
            nextOffset = schedule.next();
        }
        int budget = MAX_LAUNCHES_PER_CALL;
        while (nextOffset <= elapsed && nextOffset < endOffset && budget-- > 0) {
            context.recordLag(elapsed - nextOffset);
            launch(origin + nextOffset);
            nextOffset = schedule.next();
        }
        long behind = Math.min(elapsed, endOffset) - MAX_BEHIND_MILLIS * 1_000_000;
        if (nextOffset < behind) {
            // The generator cannot start arrivals this fast: those it is too late for are dropped, counted.
            long skipped = 1 + schedule.skipBefore(behind);
            droppedBehind += skipped;
            context.dropIterations(skipped);
            nextOffset = schedule.next();
        }
        if (budget < 0) {
            wakeIn(0);
            return;
        }
        if (nextOffset >= endOffset) {
            if (elapsed >= endOffset) {
                endArrivals();
            } else {
                wakeIn(endOffset - elapsed);
            }
            return;
        }
        wakeIn(nextOffset - elapsed);
    }

    /**
     * Wakes the pacer after a delay. Only the latest wake counts: a call of the pacer from elsewhere (a steered
     * rate, a stop) makes the wakes it scheduled before stale, so that they do not pile up into extra timers.
     */
    private void wakeIn(long delayNanos) {
        long generation = ++wakeGeneration;
        context.schedule(() -> {
            if (generation == wakeGeneration) {
                pace();
            }
        }, delayNanos);
    }

    private void endArrivals() {
        ended = true;
        if (droppedBehind > 0) {
            double seconds = Math.max(1e-9, (context.now() - origin) / 1e9);
            context.events().warn(String.format(Locale.ROOT, "the arrival rate exceeds what the generator can start: %d arrivals"
                    + " were dropped because the generator fell behind its schedule; it started %.0f iterations/s",
                    droppedBehind, launched.get() / seconds));
        }
        arrivalsEnded.tryEmitEmpty();
    }

    private void launch(long intendedStart) {
        int classIndex = nextClass();
        Deque<VirtualUser> idleUsers = idle.get(classIndex);
        VirtualUser user = idleUsers.pollFirst();
        if (user != null) {
            iterate(user, intendedStart);
        } else if (!createUser(classIndex, Sinks.empty(), intendedStart)) {
            context.dropIteration();
            return;
        }
        if (idleUsers.isEmpty()) {
            createUser(classIndex, Sinks.empty(), NO_ARRIVAL);
        }
    }

    /**
     * Creates a user if fewer than {@code maxUsers} exist; once its {@code onStart} is done it runs the
     * arrival it was created for, if any, then waits for arrivals.
     *
     * @return false when {@code maxUsers} already exist
     */
    private boolean createUser(int classIndex, Sinks.Empty<Void> ready, long arrival) {
        if (users.incrementAndGet() > maxUsers) {
            users.decrementAndGet();
            ready.tryEmitEmpty();
            return false;
        }
        VirtualUser user = context.newUser(context.plans().get(classIndex));
        if (arrival != NO_ARRIVAL) {
            // Held from now, so that the run cannot drain before this arrival has run.
            busy.incrementAndGet();
            awaitingStart.incrementAndGet();
        }
        synchronized (created) {
            created.add(user);
            starting.add(user.start().subscribe(started -> {
                if (arrival != NO_ARRIVAL) {
                    awaitingStart.updateAndGet(waiting -> Math.max(0, waiting - 1));
                }
                if (started && !closed) {
                    if (arrival != NO_ARRIVAL) {
                        runHeld(user, arrival);
                    } else {
                        idle.get(classIndex).offerFirst(user);
                    }
                } else {
                    if (arrival != NO_ARRIVAL) {
                        context.dropIteration();
                        release();
                    }
                    retire(user);
                }
                ready.tryEmitEmpty();
            }));
        }
        return true;
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
        runHeld(user, intendedStart);
    }

    /** Runs an arrival that already holds its count of {@code busy}. */
    private void runHeld(VirtualUser user, long intendedStart) {
        launched.incrementAndGet();
        context.userActive();
        user.iterate(intendedStart, outcome -> {
            context.userInactive();
            if (!closed && (outcome == IterationOutcome.COMPLETED || outcome == IterationOutcome.FAILED)) {
                idle.get(context.plans().indexOf(user.plan())).offerFirst(user);
            } else if (outcome == IterationOutcome.USER_FINISHED) {
                users.decrementAndGet();
            }
            release();
        });
    }

    private void release() {
        busy.decrementAndGet();
        checkDrained();
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
        // Arrivals whose user never finished starting never ran: dropped, and counted.
        context.dropIterations(awaitingStart.getAndSet(0));
        createdUsers().forEach(VirtualUser::interrupt);
    }

    private List<VirtualUser> createdUsers() {
        synchronized (created) {
            return List.copyOf(created);
        }
    }
}
