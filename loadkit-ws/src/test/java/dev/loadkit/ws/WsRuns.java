package dev.loadkit.ws;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Session;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import org.reactivestreams.Publisher;

import java.time.Duration;
import java.util.function.Function;

/** Runs a WebSocket task in a real, short load test. */
final class WsRuns {

    private WsRuns() {
    }

    static RunSummary iterations(WebSocket ws, int users, int iterations, Function<Session, ? extends Publisher<?>> task) {
        return LoadTest.named("ws test").users(UserClass.named("user").task("task", task).build()).protocol(ws)
                .workload(Workload.perUserIterations(users, iterations, Duration.ofSeconds(30)))
                .gracefulStop(Duration.ofSeconds(5))
                .build().execute();
    }
}
