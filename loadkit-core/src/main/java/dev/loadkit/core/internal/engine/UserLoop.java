package dev.loadkit.core.internal.engine;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A virtual user of a closed workload: it starts, then runs task after task with its class's think time
 * until it is asked to stop or its iteration budget is spent, then stops.
 *
 * <p>Its state moves by compare-and-set only, so that a stop request, a think timer and the end of an
 * iteration, arriving on different threads, agree on one outcome: a user asked to stop while thinking
 * stops at once; one asked while running stops when its task ends; an interrupted one stops now and
 * starts nothing more. A think timer that fires after a stop finds the state changed and does nothing
 * (it is never cancelled, so that no thread running it is interrupted).
 *
 * <p>A task that completes synchronously calls back into the loop; a trampoline turns that recursion into
 * a loop, and every {@value #MAX_SYNCHRONOUS_ITERATIONS} synchronous iterations the loop yields its thread
 * so that timers (such as the end of the run) still fire.
 */
final class UserLoop {

    private static final int MAX_SYNCHRONOUS_ITERATIONS = 64;

    private static final int STARTING = 0;
    private static final int THINKING = 1;
    private static final int RUNNING = 2;
    private static final int STOPPED = 3;

    private final VirtualUser user;
    private final ExecutionContext context;
    private final IterationBudget budget;
    private final Sinks.Empty<Void> done = Sinks.empty();
    private final AtomicInteger state = new AtomicInteger(STARTING);
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicInteger trampoline = new AtomicInteger();
    private volatile boolean stopping;
    private volatile long nextIntendedStart;
    private volatile Disposable starting;

    UserLoop(VirtualUser user, ExecutionContext context, IterationBudget budget) {
        this.user = user;
        this.context = context;
        this.budget = budget;
    }

    /**
     * Starts the user: its {@code onStart} hook, then its first task.
     *
     * @param intendedStart when the first task should start
     */
    void start(long intendedStart) {
        context.userActive();
        starting = user.start().subscribe(started -> {
            if (started && state.compareAndSet(STARTING, THINKING)) {
                runSoon(Math.max(intendedStart, context.now()));
            } else {
                stopNow();
            }
        });
    }

    /** Lets the running task (or {@code onStart}) finish, then stops; a user thinking stops at once. */
    void requestStop() {
        stopping = true;
        if (state.compareAndSet(THINKING, STOPPED)) {
            finish();
        }
    }

    /** Stops now, cutting the running task. */
    void interrupt() {
        stopping = true;
        int previous = state.getAndSet(STOPPED);
        if (previous == RUNNING) {
            user.interrupt();
        } else if (previous == STARTING && starting != null) {
            starting.dispose();
        }
        finish();
    }

    /** Completes when the user has stopped and its {@code onStop} hook has run. */
    Mono<Void> done() {
        return done.asMono();
    }

    boolean isDone() {
        return finished.get();
    }

    private void runSoon(long intendedStart) {
        nextIntendedStart = intendedStart;
        if (trampoline.getAndIncrement() != 0) {
            return;
        }
        int left = MAX_SYNCHRONOUS_ITERATIONS;
        do {
            if (left-- == 0) {
                long next = nextIntendedStart;
                trampoline.set(0);
                context.scope().scheduler().schedule(() -> runSoon(next));
                return;
            }
            runIteration(nextIntendedStart);
        } while (trampoline.decrementAndGet() != 0);
    }

    private void runIteration(long intendedStart) {
        if (!state.compareAndSet(THINKING, RUNNING)) {
            return;
        }
        if (stopping || !budget.tryTake()) {
            stopNow();
            return;
        }
        user.iterate(intendedStart, outcome -> afterIteration(intendedStart, outcome));
        if (state.get() == STOPPED) {
            // Interrupted while the iteration was being started: cut it too.
            user.interrupt();
        }
    }

    private void afterIteration(long intendedStart, IterationOutcome outcome) {
        if (outcome == IterationOutcome.INTERRUPTED || !state.compareAndSet(RUNNING, THINKING)) {
            return;
        }
        if (stopping || outcome == IterationOutcome.USER_FINISHED) {
            stopNow();
            return;
        }
        long now = context.now();
        long next = user.plan().userClass().thinkTime().nextIntendedStart(intendedStart, now, user.session().random());
        if (next <= now) {
            runSoon(next);
        } else {
            context.scope().scheduler().schedule(() -> {
                context.recordLag(context.now() - next);
                runSoon(next);
            }, next - now, TimeUnit.NANOSECONDS);
        }
        if (stopping) {
            requestStop();
        }
    }

    private void stopNow() {
        state.set(STOPPED);
        finish();
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            user.stop(context.gracefulStop(), context.control().interrupted())
                    .doFinally(signal -> {
                        context.userInactive();
                        context.userRetired();
                        done.tryEmitEmpty();
                    })
                    .subscribe();
        }
    }
}
