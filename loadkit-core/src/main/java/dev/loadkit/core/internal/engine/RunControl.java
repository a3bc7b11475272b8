package dev.loadkit.core.internal.engine;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Requests to a running test from outside its schedule: to end it early, a graceful stop (first Ctrl-C, a
 * threshold's {@code abortOnFail}), in which running iterations get the graceful stop period, or an
 * interruption (second Ctrl-C), which cuts them at once, after which the run still ends normally (metrics
 * taken, reports written); and to steer it, as from the web dashboard: a new number of users for a closed
 * workload, a new arrival rate for an open one, each replacing the rest of the workload's plan.
 */
public final class RunControl {

    private final Sinks.Empty<Void> stopped = Sinks.empty();
    private final Sinks.Empty<Void> interrupted = Sinks.empty();
    /** The latest target is replayed: an executor that starts after a request still follows it. */
    private final Sinks.Many<Integer> steeredUsers = Sinks.many().replay().latest();
    private final Sinks.Many<Double> steeredRate = Sinks.many().replay().latest();
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
     * Asks a closed workload to run this many users from now on, in place of the rest of its plan.
     *
     * @param users the users, zero or more
     */
    public synchronized void steerUsers(int users) {
        steeredUsers.tryEmitNext(users);
    }

    /**
     * Asks an open workload to start this many iterations per second from now on, in place of the rest of
     * its plan, until its planned end.
     *
     * @param perSecond the arrival rate, zero or more
     */
    public synchronized void steerArrivalRate(double perSecond) {
        steeredRate.tryEmitNext(perSecond);
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

    Flux<Integer> steeredUsers() {
        return steeredUsers.asFlux();
    }

    Flux<Double> steeredArrivalRate() {
        return steeredRate.asFlux();
    }
}
