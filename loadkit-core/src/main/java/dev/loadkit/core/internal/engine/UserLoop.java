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
 * <p>A task that completes synchronously calls back into the loop; a trampoline turns that recursion
 * into a loop, and every {@value #MAX_SYNCHRONOUS_ITERATIONS} synchronous iterations the loop yields its
 * thread so that timers (such as the end of the run) still fire.
 */
final class UserLoop {

    private static final int MAX_SYNCHRONOUS_ITERATIONS = 64;

    private final VirtualUser user;
    private final ExecutionContext context;
    private final IterationBudget budget;
    private final Sinks.Empty<Void> done = Sinks.empty();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicInteger trampoline = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Disposable thinkTimer;
    private volatile long nextIntendedStart;

    UserLoop(VirtualUser user, ExecutionContext context, IterationBudget budget) {
        this.user = user;
        this.context = context;
        this.budget = budget;
    }

    VirtualUser user() {
        return user;
    }

    /**
     * Starts the user: its {@code onStart} hook, then its first task.
     *
     * @param intendedStart when the first task should start
     */
    void start(long intendedStart) {
        context.userActive();
        user.start().subscribe(started -> {
            if (started) {
                runSoon(Math.max(intendedStart, context.now()));
            } else {
                finish();
            }
        });
    }

    /** Lets the running task finish, then stops; a user waiting in think time stops at once. */
    void requestStop() {
        stopping = true;
        Disposable timer = thinkTimer;
        if (timer != null) {
            timer.dispose();
            // The timer may have fired already; the iteration it started will see the flag.
            if (thinkTimer == timer) {
                finish();
            }
        }
    }

    /** Stops now, cutting the running task. */
    void interrupt() {
        stopping = true;
        Disposable timer = thinkTimer;
        if (timer != null) {
            timer.dispose();
        }
        user.interrupt();
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
        thinkTimer = null;
        if (stopping || !budget.tryTake()) {
            finish();
            return;
        }
        user.iterate(intendedStart, outcome -> afterIteration(intendedStart, outcome));
    }

    private void afterIteration(long intendedStart, IterationOutcome outcome) {
        if (stopping || outcome == IterationOutcome.USER_FINISHED || outcome == IterationOutcome.INTERRUPTED) {
            finish();
            return;
        }
        long now = context.now();
        long next = user.plan().userClass().thinkTime().nextIntendedStart(intendedStart, now, user.session().random());
        if (next <= now) {
            runSoon(next);
            return;
        }
        thinkTimer = context.scope().scheduler().schedule(() -> runSoon(next), next - now, TimeUnit.NANOSECONDS);
        if (stopping) {
            requestStop();
        }
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            user.stop(context.gracefulStop())
                    .doFinally(signal -> {
                        context.userInactive();
                        done.tryEmitEmpty();
                    })
                    .subscribe();
        }
    }
}
