package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Workload;
import reactor.core.publisher.Mono;

/** A fixed number of users for a duration: all start at once, and all stop at the end. */
final class ConstantUsersExecutor implements Executor {

    private final Workload.ConstantUsers workload;

    ConstantUsersExecutor(Workload.ConstantUsers workload) {
        this.workload = workload;
    }

    @Override
    public Mono<Void> run(ExecutionContext context) {
        UserPool pool = new UserPool(context, () -> IterationBudget.UNLIMITED);
        // Users may all stop early (a queue feeder ran out, onStart failed): the run ends with the last.
        return Mono.fromRunnable(() -> pool.adjustTo(workload.users()))
                .then(Mono.defer(() -> Mono.firstWithSignal(pool.allDone(),
                        context.endAt(workload.duration()).then(pool.stopAll(context.gracefulStop())))));
    }
}
