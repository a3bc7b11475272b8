package dev.loadkit.http.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The timer for a request's deadline: an event loop of the HTTP client, never the run's shared timer. A closed
 * model's next request starts on the loop that read the last response, so its deadline is set and cancelled on
 * that loop's own task queue, without a lock or a wake-up of another thread. A request started elsewhere (an
 * open model's arrival starts on the run's timer) takes the next loop of the client's group: a lock-free hand-off.
 * The run's shared timer, a {@code ScheduledThreadPoolExecutor}, takes a lock to set and to cancel each deadline:
 * profiles put it at 2 to 5% of the closed model's CPU and 17% of the open model's.
 */
public final class LoopTimer {

    private static final FastThreadLocal<Scheduler> LOOP_SCHEDULER = new FastThreadLocal<>();
    private static final Map<EventExecutor, Scheduler> BY_LOOP = new ConcurrentHashMap<>();

    private LoopTimer() {
    }

    /**
     * The scheduler of the event loop running this thread, else of the client group's next loop.
     *
     * @return the scheduler
     */
    public static Scheduler current() {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            return of(HttpResources.get().onClient(true).next());
        }
        Scheduler scheduler = LOOP_SCHEDULER.get();
        if (scheduler == null) {
            scheduler = of(loop);
            LOOP_SCHEDULER.set(scheduler);
        }
        return scheduler;
    }

    private static Scheduler of(EventExecutor loop) {
        // Never disposed: the loop is Reactor Netty's, and a disposed scheduler would shut it down.
        return BY_LOOP.computeIfAbsent(loop, each -> Schedulers.fromExecutorService(each, "loadkit-loop-timer"));
    }
}
