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
        return new UserPool(context, () -> shared).run(workload.users(), workload.maxDuration());
    }
}
