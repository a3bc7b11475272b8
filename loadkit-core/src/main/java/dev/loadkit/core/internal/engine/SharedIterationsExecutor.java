package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Workload;
import reactor.core.publisher.Mono;

/** Users share a fixed number of iterations, each taking the next when free; ends when all are done. */
final class SharedIterationsExecutor implements Executor {

    private final Workload.SharedIterations workload;

    SharedIterationsExecutor(Workload.SharedIterations workload) {
        this.workload = workload;
    }

    @Override
    public Mono<Void> run(ExecutionContext context) {
        IterationBudget shared = IterationBudget.of(workload.iterations());
        UserPool pool = new UserPool(context, () -> shared);
        return Mono.fromRunnable(() -> pool.adjustTo(workload.users()))
                .then(Mono.defer(() -> Mono.firstWithSignal(pool.allDone(),
                        context.endAt(workload.maxDuration()).then(pool.stopAll(context.gracefulStop())))));
    }
}
