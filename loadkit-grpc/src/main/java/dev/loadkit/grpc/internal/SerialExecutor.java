package dev.loadkit.grpc.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs actions one at a time, in order, on the thread that submits while no other action runs: a
 * {@code ClientCall} must be used serially, and its requests, messages and flow-control signals come from
 * the request stream's thread and the transport's. No thread is created and none waits.
 */
public final class SerialExecutor implements Executor {

    private final Queue<Runnable> actions = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Consumer<RuntimeException> onFailure;

    /**
     * An executor.
     *
     * @param onFailure told of an action that threw; the actions after it still run
     */
    public SerialExecutor(Consumer<RuntimeException> onFailure) {
        this.onFailure = onFailure;
    }

    @Override
    public void execute(Runnable action) {
        actions.add(action);
        if (pending.getAndIncrement() != 0) {
            return;
        }
        do {
            try {
                actions.poll().run();
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        } while (pending.decrementAndGet() != 0);
    }
}
