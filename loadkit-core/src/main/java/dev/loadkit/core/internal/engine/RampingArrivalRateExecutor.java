package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Stage;
import dev.loadkit.core.Workload;
import reactor.core.publisher.Mono;

/** The arrival rate ramps linearly through stages; iterations start at their intended times. */
final class RampingArrivalRateExecutor implements Executor {

    private final Workload.RampingArrivalRate workload;

    RampingArrivalRateExecutor(Workload.RampingArrivalRate workload) {
        this.workload = workload;
    }

    @Override
    public Mono<Void> run(ExecutionContext context) {
        ArrivalSchedule schedule = ArrivalSchedule.ramping(workload.startRate(), workload.stages());
        double peakRate = workload.stages().stream().mapToDouble(Stage::target).max().orElse(0);
        return new ArrivalRunner(context, schedule, workload.maxUsers())
                .run(workload.duration(), Math.max(workload.startRate(), peakRate));
    }
}
