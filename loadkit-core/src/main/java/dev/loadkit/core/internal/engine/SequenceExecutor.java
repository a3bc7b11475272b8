package dev.loadkit.core.internal.engine;

import dev.loadkit.core.Workload;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/**
 * Phases one after the other, each with its own workload over some of the test's user classes; each phase
 * ends (graceful stop included) before the next starts. Metrics of all phases go into one run, one report.
 */
final class SequenceExecutor implements Executor {

    private final Workload.Sequence workload;

    SequenceExecutor(Workload.Sequence workload) {
        this.workload = workload;
    }

    @Override
    public Mono<Void> run(ExecutionContext context) {
        return Flux.fromIterable(workload.phases())
                .concatMap(phase -> context.events().phase(phase.name(), phase.workload().duration()).then(Mono.defer(() -> {
                    if (context.control().reason() != null) {
                        return Mono.empty();
                    }
                    List<ClassPlan> plans = context.plans().stream()
                            .filter(plan -> phase.userClasses().contains(plan.userClass().name())).toList();
                    if (plans.isEmpty()) {
                        // Every class of the phase was left out by --tags: nothing runs in it.
                        return Mono.empty();
                    }
                    UserMix mix = UserMix.of(plans.stream().map(plan -> plan.userClass().weight()).toList(),
                            plans.stream().map(plan -> plan.userClass().fixedCount()).toList());
                    return Engine.executorFor(phase.workload()).run(context.phase(plans, mix));
                })))
                .then(Mono.defer(() -> context.events().phase(null, Duration.ZERO)));
    }
}
