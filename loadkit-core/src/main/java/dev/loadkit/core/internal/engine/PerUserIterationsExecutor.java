package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Workload;
import reactor.core.publisher.Mono;

/** Each user runs a fixed number of iterations; the run ends when all are done, or at the maximum duration. */
final class PerUserIterationsExecutor implements Executor {

    private final Workload.PerUserIterations workload;

    PerUserIterationsExecutor(Workload.PerUserIterations workload) {
        this.workload = workload;
    }

    @Override
    public Mono<Void> run(ExecutionContext context) {
        return new UserPool(context, () -> IterationBudget.of(workload.iterations()))
                .run(workload.users(), workload.maxDuration());
    }
}
