package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Workload;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** A fixed number of users for a duration (unless steered): all start at once, and all stop at the end. */
final class ConstantUsersExecutor implements Executor {

    private final Workload.ConstantUsers workload;

    ConstantUsersExecutor(Workload.ConstantUsers workload) {
        this.workload = workload;
    }

    @Override
    public Mono<Void> run(ExecutionContext context) {
        UserPool pool = new UserPool(context, () -> IterationBudget.UNLIMITED);
        return Mono.using(pool::followSteering, steering -> pool.run(workload.users(), workload.duration()),
                Disposable::dispose);
    }
}
