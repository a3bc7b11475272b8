package dev.loadkit.ws;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Session;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.ErrorCount;
import org.reactivestreams.Publisher;

import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Function;

/** Runs a WebSocket task in a real, short load test, and waits, bounded, for what follows it. */
final class WsRuns {

    private WsRuns() {
    }

    static RunSummary iterations(WebSocket ws, int users, int iterations, Function<Session, ? extends Publisher<?>> task) {
        return run(ws, UserClass.named("user").task("task", task).build(),
                Workload.perUserIterations(users, iterations, Duration.ofSeconds(30)), Duration.ofSeconds(5));
    }

    /** A run that ends after a while, cutting at once whatever is still running then. */
    static RunSummary cutAfter(WebSocket ws, Duration runTime, Function<Session, ? extends Publisher<?>> task) {
        return run(ws, UserClass.named("user").task("task", task).build(), Workload.constantUsers(1, runTime), Duration.ZERO);
    }

    static RunSummary run(WebSocket ws, UserClass user, Workload workload, Duration gracefulStop) {
        return LoadTest.named("ws test").users(user).protocol(ws).workload(workload).gracefulStop(gracefulStop)
                .build().execute();
    }

    /** The errors counted under one request name. */
    static List<ErrorCount> errorsOf(RunSummary summary, String name) {
        return summary.errors().stream().filter(error -> error.name().equals(name)).toList();
    }

    /**
     * Waits until a count reaches a value, polling, at most for the given time: what a server sees after
     * a client's connect or close happens on its own threads, and a busy machine may take a while.
     *
     * @return the count at the end
     */
    static int awaitCount(IntSupplier count, int expected, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (count.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return count.getAsInt();
    }
}
