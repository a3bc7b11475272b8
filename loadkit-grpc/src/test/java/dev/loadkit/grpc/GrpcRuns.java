package dev.loadkit.grpc;

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

/** Runs a gRPC task in a real, short load test. */
final class GrpcRuns {

    private GrpcRuns() {
    }

    static RunSummary iterations(Grpc grpc, int users, int iterations, Function<Session, ? extends Publisher<?>> task) {
        return run(grpc, UserClass.named("user").task("task", task).build(),
                Workload.perUserIterations(users, iterations, Duration.ofMinutes(2)), Duration.ofSeconds(30), RunOptions.builder().build());
    }

    static RunSummary run(Grpc grpc, UserClass user, Workload workload, Duration gracefulStop, RunOptions options) {
        return LoadTest.named("grpc test").users(user).protocol(grpc).workload(workload).gracefulStop(gracefulStop)
                .build().execute(options);
    }

    /** The errors counted under one call's name. */
    static List<ErrorCount> errorsOf(RunSummary summary, String name) {
        return summary.errors().stream().filter(error -> error.name().equals(name)).toList();
    }
}
