package dev.loadkit.core.internal.engine;

import dev.loadkit.core.FeederExhaustedException;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.CountedFailure;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One virtual user: its session, its class, and the iteration it runs now. Executors decide when it
 * iterates; it runs the task, records the iteration and tells the executor how the iteration ended.
 */
final class VirtualUser {

    private final ClassPlan plan;
    private final VirtualUserSession session;
    private final RunScope scope;
    private volatile Iteration current;

    VirtualUser(long id, ClassPlan plan, RunScope scope) {
        this.plan = plan;
        this.scope = scope;
        this.session = new VirtualUserSession(id, plan.userClass().name(), scope);
        plan.countStarted();
    }

    ClassPlan plan() {
        return plan;
    }

    Session session() {
        return session;
    }

    /**
     * Runs the class's {@code onStart} hook.
     *
     * @return true when the user may run tasks; false when the hook failed, which was counted
     */
    Mono<Boolean> start() {
        return hook(plan.userClass().onStart(), "on start");
    }

    /**
     * Runs the class's {@code onStop} hook, giving up after a timeout, then the actions drivers
     * registered with {@link Session#onStop}.
     *
     * @param timeout the longest the hook may take
     * @param interrupted completes when the run is interrupted, which cuts the hook short
     * @return completes when the hook is done
     */
    Mono<Void> stop(Duration timeout, Mono<Void> interrupted) {
        return hook(plan.userClass().onStop(), "on stop")
                .takeUntilOther(interrupted)
                .timeout(timeout, scope.scheduler())
                .onErrorResume(TimeoutException.class, e -> {
                    scope.metrics().error(plan.userClass().name(), "on stop", "did not finish within " + timeout);
                    return Mono.just(false);
                })
                .then(Mono.fromRunnable(session::runStopActions));
    }

    private Mono<Boolean> hook(Function<Session, ? extends Publisher<?>> hook, String kind) {
        if (hook == null) {
            return Mono.just(true);
        }
        return Mono.defer(() -> Flux.from(hook.apply(session)).then(Mono.just(true)))
                .onErrorResume(e -> {
                    scope.metrics().error(plan.userClass().name(), kind, ErrorText.of(e), e);
                    return Mono.just(false);
                });
    }

    /**
     * Runs one task, picked by weight.
     *
     * @param intendedStart when the iteration should have started; the delay to now counts as latency
     * @param listener told how the iteration ended, exactly once, on whatever thread ended it
     */
    void iterate(long intendedStart, Consumer<IterationOutcome> listener) {
        int taskIndex = plan.pickTask(session.random());
        long start = scope.clock().getAsLong();
        session.beginIteration(intendedStart, start);
        Iteration iteration = new Iteration(taskIndex, intendedStart, start, listener);
        current = iteration;
        Publisher<?> work;
        try {
            work = plan.task(taskIndex).action().apply(session);
        } catch (RuntimeException e) {
            iteration.end(e);
            return;
        }
        if (work == null) {
            iteration.end(new IllegalStateException("task '" + plan.task(taskIndex).name()
                    + "' returned null; return a Mono, such as Mono.empty() for no work"));
            return;
        }
        Flux.from(work).subscribe(iteration);
    }

    /** Cuts the running iteration short, if there is one. */
    void interrupt() {
        Iteration iteration = current;
        if (iteration != null) {
            iteration.interrupt();
        }
    }

    /** Whether a driver counted this failure already, so that it counts once. */
    private static boolean alreadyCounted(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CountedFailure) {
                return true;
            }
        }
        return false;
    }

    /** The subscriber of one iteration's work; it reports the outcome once. */
    private final class Iteration extends BaseSubscriber<Object> {

        private final int taskIndex;
        private final long intendedStart;
        private final long start;
        private final Consumer<IterationOutcome> listener;
        private final AtomicBoolean ended = new AtomicBoolean();

        Iteration(int taskIndex, long intendedStart, long start, Consumer<IterationOutcome> listener) {
            this.taskIndex = taskIndex;
            this.intendedStart = intendedStart;
            this.start = start;
            this.listener = listener;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        protected void hookOnComplete() {
            end(null);
        }

        @Override
        protected void hookOnError(Throwable error) {
            end(error);
        }

        void interrupt() {
            if (ended.compareAndSet(false, true)) {
                // Cancelling the work lets each driver record its request in flight as interrupted.
                dispose();
                current = null;
                plan.recordInterruptedIteration(taskIndex);
                session.endIteration();
                listener.accept(IterationOutcome.INTERRUPTED);
            }
        }

        void end(Throwable error) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            long end = scope.clock().getAsLong();
            plan.recordIteration(taskIndex, intendedStart, start, end);
            current = null;
            session.endIteration();
            String taskName = plan.task(taskIndex).name();
            if (error == null) {
                listener.accept(IterationOutcome.COMPLETED);
            } else if (error instanceof FeederExhaustedException) {
                scope.metrics().error(taskName, "feeder exhausted", error.getMessage());
                listener.accept(IterationOutcome.USER_FINISHED);
            } else {
                if (!alreadyCounted(error)) {
                    scope.metrics().error(taskName, "task", ErrorText.of(error), error);
                }
                listener.accept(IterationOutcome.FAILED);
            }
        }
    }
}
