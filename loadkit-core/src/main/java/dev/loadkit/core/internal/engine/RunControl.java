package dev.loadkit.core.internal.engine;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Requests to end a run early: a graceful stop (first Ctrl-C, a threshold's {@code abortOnFail}), in
 * which running iterations get the graceful stop period, and an interruption (second Ctrl-C), which cuts
 * them at once. Either way the run still ends normally: metrics are taken and reports written.
 */
public final class RunControl {

    private final Sinks.Empty<Void> stopped = Sinks.empty();
    private final Sinks.Empty<Void> interrupted = Sinks.empty();
    private volatile String reason;

    /**
     * Asks the run to stop gracefully; the first reason given is the one reported.
     *
     * @param why the reason, for the summary
     * @return true when this was the first request, whose reason counts
     */
    public boolean stop(String why) {
        boolean first;
        synchronized (this) {
            first = reason == null;
            if (first) {
                reason = why;
            }
        }
        stopped.tryEmitEmpty();
        return first;
    }

    /**
     * Asks the run to stop now, cutting running iterations.
     *
     * @param why the reason, if none was given before
     */
    public void interrupt(String why) {
        stop(why);
        interrupted.tryEmitEmpty();
    }

    /**
     * Why the run was asked to stop.
     *
     * @return the reason, or {@code null} when it was not
     */
    public String reason() {
        return reason;
    }

    Mono<Void> stopped() {
        return stopped.asMono();
    }

    Mono<Void> interrupted() {
        return interrupted.asMono();
    }
}
