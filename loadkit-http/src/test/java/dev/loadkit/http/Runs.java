package dev.loadkit.http;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Session;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import org.reactivestreams.Publisher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Runs a task in a real, short load test and keeps the responses it saw. */
final class Runs {

    final List<HttpResponse> responses = new CopyOnWriteArrayList<>();
    RunSummary summary;

    Runs() {
    }

    /** One user, one iteration of {@code task}. */
    static Runs once(Http http, Function<Session, ? extends Publisher<HttpResponse>> task) {
        return iterations(http, 1, 1, task);
    }

    /** {@code users} users, {@code iterations} iterations each. */
    static Runs iterations(Http http, int users, int iterations, Function<Session, ? extends Publisher<HttpResponse>> task) {
        Runs runs = new Runs();
        UserClass user = UserClass.named("user")
                .task(Task.of("task", session -> reactor.core.publisher.Flux.from(task.apply(session)).doOnNext(runs.responses::add)))
                .build();
        runs.summary = LoadTest.named("http test").users(user).protocol(http)
                .workload(Workload.perUserIterations(users, iterations, Duration.ofSeconds(30)))
                .gracefulStop(Duration.ofSeconds(5))
                .build()
                .execute();
        return runs;
    }

    HttpResponse last() {
        return responses.get(responses.size() - 1);
    }
}
