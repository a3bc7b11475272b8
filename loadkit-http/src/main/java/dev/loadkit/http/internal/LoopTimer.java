package dev.loadkit.http.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The timer for a request's deadline: the event loop the request starts on, when it starts on one. A closed
 * model's next request starts on the loop that read the last response, so its deadline is set and cancelled on
 * that loop's own task queue, without a lock or a wake-up of another thread, where the run's shared timer costs
 * both on every request (a profile put it at 2 to 5% of the HTTP path's CPU).
 */
public final class LoopTimer {

    private static final FastThreadLocal<Scheduler> LOOP_SCHEDULER = new FastThreadLocal<>();

    private LoopTimer() {
    }

    /**
     * The scheduler of the event loop running this thread, else the fallback.
     *
     * @param fallback the run's timer, for a request started off the event loops
     * @return the scheduler
     */
    public static Scheduler current(Scheduler fallback) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            return fallback;
        }
        Scheduler scheduler = LOOP_SCHEDULER.get();
        if (scheduler == null) {
            // Never disposed: the loop is Reactor Netty's, and a disposed scheduler would shut it down.
            scheduler = Schedulers.fromExecutorService(loop, "loadkit-loop-timer");
            LOOP_SCHEDULER.set(scheduler);
        }
        return scheduler;
    }
}
