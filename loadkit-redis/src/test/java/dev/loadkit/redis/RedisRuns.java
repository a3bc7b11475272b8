package dev.loadkit.redis;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Session;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.ErrorCount;
import org.reactivestreams.Publisher;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** Runs a Redis task in a real, short load test. */
final class RedisRuns {

    private RedisRuns() {
    }

    static RunSummary iterations(Redis redis, int users, int iterations, Function<Session, ? extends Publisher<?>> task) {
        return run(redis, UserClass.named("user").task("task", task).build(),
                Workload.perUserIterations(users, iterations, Duration.ofMinutes(2)), RunOptions.builder().build());
    }

    static RunSummary run(Redis redis, UserClass user, Workload workload, RunOptions options) {
        return LoadTest.named("redis test").users(user).protocol(redis).workload(workload).gracefulStop(Duration.ofSeconds(30))
                .build().execute(options);
    }

    /** The errors counted under one request's name. */
    static List<ErrorCount> errorsOf(RunSummary summary, String name) {
        return summary.errors().stream().filter(error -> error.name().equals(name)).toList();
    }
}
