package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Stage;
import dev.loadkit.core.Workload;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * Users ramping linearly through stages, as k6's {@code ramping-vus}: over a stage from {@code a} to
 * {@code b} users in {@code d}, the k-th change happens at {@code d * k / |b - a|}. Each change starts
 * or gracefully stops one user, keeping the class mix; at the end all users stop gracefully. Steered to a number
 * of users, the ramp stops and that number holds until the end.
 */
final class RampingUsersExecutor implements Executor {

    private final Workload.RampingUsers workload;

    RampingUsersExecutor(Workload.RampingUsers workload) {
        this.workload = workload;
    }

    /** A moment at which the user count changes. */
    record Change(long offsetNanos, int users) {
    }

    /** Every change of the ramp, in time order. */
    static List<Change> changes(int startUsers, List<Stage> stages) {
        List<Change> changes = new ArrayList<>();
        changes.add(new Change(0, startUsers));
        long stageStart = 0;
        long from = startUsers;
        for (Stage stage : stages) {
            long length = stage.duration().toNanos();
            long steps = Math.abs(stage.target() - from);
            long direction = Long.signum(stage.target() - from);
            for (long k = 1; k <= steps; k++) {
                long offset = stageStart + (long) ((double) length * k / steps);
                changes.add(new Change(offset, (int) (from + direction * k)));
            }
            stageStart += length;
            from = stage.target();
        }
        return changes;
    }

    @Override
    public Mono<Void> run(ExecutionContext context) {
        UserPool pool = new UserPool(context, () -> IterationBudget.UNLIMITED);
        List<Change> changes = changes(workload.startUsers(), workload.stages());
        return Mono.using(pool::followSteering, steering -> Mono.fromRunnable(() -> apply(context, pool, changes, 0))
                .then(context.endAt(workload.duration()))
                .then(pool.stopAll(context.gracefulStop())), Disposable::dispose);
    }

    /** Applies every change due now, then waits for the next one on the run's timer. */
    private void apply(ExecutionContext context, UserPool pool, List<Change> changes, int index) {
        if (context.control().reason() != null || pool.steered()) {
            return;
        }
        long elapsed = context.now() - context.startNanos();
        int next = index;
        while (next < changes.size() && changes.get(next).offsetNanos() <= elapsed) {
            next++;
        }
        if (next > index) {
            pool.adjustPlanned(changes.get(next - 1).users());
        }
        if (next == changes.size()) {
            return;
        }
        int following = next;
        context.schedule(() -> apply(context, pool, changes, following),
                changes.get(following).offsetNanos() - elapsed);
    }
}
