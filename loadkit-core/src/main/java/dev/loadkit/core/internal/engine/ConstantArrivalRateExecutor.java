package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Workload;
import reactor.core.publisher.Mono;

/** Iterations start at a constant rate, at their intended times, whatever the target's speed. */
final class ConstantArrivalRateExecutor implements Executor {

    private final Workload.ConstantArrivalRate workload;

    ConstantArrivalRateExecutor(Workload.ConstantArrivalRate workload) {
        this.workload = workload;
    }

    @Override
    public Mono<Void> run(ExecutionContext context) {
        ArrivalSchedule schedule = ArrivalSchedule.constant(workload.rate(), workload.duration().toNanos());
        return new ArrivalRunner(context, schedule, workload.maxUsers()).run(workload.duration(), workload.rate());
    }
}
