package dev.loadkit.core.internal.engine;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The virtual users of a closed workload, per class: starts them, stops them one by one when a ramp goes
 * down (the most recently started first), and stops them all at the end, gracefully, then by force. The plan's
 * changes and a person's steering may come from different threads of the run's timer: each change holds the lock.
 */
final class UserPool {

    private final ExecutionContext context;
    private final Supplier<IterationBudget> budgets;
    private final List<Deque<UserLoop>> running = new ArrayList<>();
    private final List<UserLoop> all = new ArrayList<>();
    /** Set by {@link #stopAll}: a ramp step that fires at the very end must not start users after it. */
    private boolean closed;
    /** Set when the run is steered: the users are the person's, no longer the workload's plan. */
    private volatile boolean steered;

    UserPool(ExecutionContext context, Supplier<IterationBudget> budgets) {
        this.context = context;
        this.budgets = budgets;
        context.plans().forEach(plan -> running.add(new ArrayDeque<>()));
    }

    /** The users running per class, not counting those asked to stop. */
    synchronized int[] running() {
        int[] counts = new int[running.size()];
        for (int i = 0; i < counts.length; i++) {
            running.get(i).removeIf(UserLoop::isDone);
            counts[i] = running.get(i).size();
        }
        return counts;
    }

    /** Starts or stops users until each class has its share of {@code total}. */
    private synchronized void adjustTo(int total) {
        if (closed) {
            return;
        }
        int[] target = context.mix().allocate(total);
        int[] counts = running();
        for (int next = UserMix.nextToStop(counts, target); next >= 0; next = UserMix.nextToStop(counts, target)) {
            stopOne(next);
            counts[next]--;
        }
        for (int next = UserMix.nextToStart(counts, target); next >= 0; next = UserMix.nextToStart(counts, target)) {
            start(next);
            counts[next]++;
        }
    }

    private void start(int classIndex) {
        UserLoop loop = new UserLoop(context.newUser(context.plans().get(classIndex)), context, budgets.get());
        running.get(classIndex).addLast(loop);
        all.add(loop);
        loop.start(context.now());
    }

    private void stopOne(int classIndex) {
        UserLoop loop = running.get(classIndex).pollLast();
        loop.requestStop();
        context.grace(context.gracefulRampDown()).subscribe(null, null, loop::interrupt);
    }

    /**
     * Follows the run's steering ({@link RunControl#steerUsers}): each new target is applied on the run's
     * timer, and from then on the pool no longer ends when its first users are done.
     *
     * @return stops following
     */
    Disposable followSteering() {
        return context.control().steeredUsers().subscribe(users -> context.schedule(() -> steer(users), 0));
    }

    /** A person's count: from now on the plan's changes no longer apply. */
    private synchronized void steer(int users) {
        steered = true;
        adjustTo(users);
    }

    /** A change of the workload's plan, unless a person steered the users: checked and applied under one lock. */
    synchronized void adjustPlanned(int total) {
        if (!steered) {
            adjustTo(total);
        }
    }

    /** Whether a person steered the users: a plan then stops applying its own changes. */
    boolean steered() {
        return steered;
    }

    /**
     * The closed workloads' common shape: start {@code users}, then end when all of them have stopped by
     * themselves (their iteration budget spent, their feeder empty) or at {@code duration}, whichever
     * comes first, stopping the rest gracefully.
     *
     * @param users the users to start
     * @param duration the longest the users run
     * @return completes when every user has stopped
     */
    Mono<Void> run(int users, Duration duration) {
        // Users steered to zero are not the workload's end: only the plan's users stopping by themselves is.
        return Mono.fromRunnable(() -> adjustPlanned(users))
                .then(Mono.defer(() -> Mono.firstWithSignal(
                        allDone().then(Mono.defer(() -> steered ? Mono.<Void>never() : Mono.<Void>empty())),
                        context.endAt(duration).then(stopAll(context.gracefulStop())))));
    }

    /** Completes when every user started so far has stopped. */
    synchronized Mono<Void> allDone() {
        return Mono.when(all.stream().map(UserLoop::done).toList());
    }

    /**
     * Stops every user: running tasks get {@code grace} to finish, then are cut.
     *
     * @param grace the graceful stop period
     * @return completes when all have stopped
     */
    Mono<Void> stopAll(Duration grace) {
        return Mono.defer(() -> {
            List<UserLoop> loops;
            synchronized (this) {
                closed = true;
                loops = List.copyOf(all);
            }
            loops.forEach(UserLoop::requestStop);
            Mono<Void> allStopped = allDone();
            return Mono.firstWithSignal(allStopped, context.grace(grace).then(Mono.defer(() -> {
                loops.forEach(UserLoop::interrupt);
                return allStopped;
            })));
        });
    }
}
