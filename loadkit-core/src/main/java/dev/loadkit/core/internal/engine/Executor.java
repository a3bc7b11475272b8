package dev.loadkit.core.internal.engine;

import reactor.core.publisher.Mono;

/**
 * Turns one workload model into virtual-user starts and iterations on the run's scheduler. There is one
 * implementation per model, each in its own file.
 */
interface Executor {

    /**
     * Runs the workload.
     *
     * @param context the run's classes, scope and control
     * @return completes when every virtual user has stopped, after the graceful stop
     */
    Mono<Void> run(ExecutionContext context);
}
