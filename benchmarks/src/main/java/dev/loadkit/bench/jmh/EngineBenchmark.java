package dev.loadkit.bench.jmh;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.internal.metrics.MetricRegistry;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The engine's own cost, without a driver: a whole iteration of a task that does nothing but pass a check
 * (the scheduler, the user's loop, the session, the check, the iteration's recording), and the reporting
 * tick's snapshot of 100 series.
 *
 * <pre>
 * java -cp benchmarks/target/loadkit-bench.jar org.openjdk.jmh.Main EngineBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {

    private static final int ITERATIONS = 1_000_000;
    private static final RequestMetric METRIC = RequestMetric.of("http_req_duration", "http_reqs", "http_req_failed");

    private LoadTest noOp;
    private MetricRegistry registry;
    private final List<RequestSeries> series = new ArrayList<>();
    private long clock;

    /** A test of one user running a million iterations of a task that passes a check, and a registry of 100 series. */
    @Setup(Level.Trial)
    public void setUp() {
        UserClass user = UserClass.named("user").task("no-op", session -> {
            session.check("ok", true);
            return Mono.empty();
        }).build();
        noOp = LoadTest.named("no-op").users(user)
                .workload(Workload.perUserIterations(1, ITERATIONS, Duration.ofMinutes(5))).build();
        registry = new MetricRegistry(System::nanoTime);
        for (int i = 0; i < 100; i++) {
            series.add(registry.request(METRIC, Tags.of("name", "request " + i, "method", "GET", "status", "200")));
        }
    }

    /** A hundred requests into each series before each tick, as a busy second of a run records. */
    @Setup(Level.Invocation)
    public void record() {
        for (RequestSeries each : series) {
            for (int i = 0; i < 100; i++) {
                long start = clock += 1_000_003;
                each.record(start, start, start + 100_000 + (i * 37_000L), false);
            }
        }
    }

    /**
     * One iteration through the engine: a million of them, one run, divided.
     *
     * @return the run's summary, so that the JIT keeps the work
     */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public RunSummary iterateNoOpTask() {
        return noOp.start(RunOptions.builder().build()).await();
    }

    /**
     * The reporting tick's snapshot of 100 series, each with a hundred new requests.
     *
     * @return the snapshot
     */
    @Benchmark
    public MetricsSnapshot snapshotHundredSeries() {
        return registry.takeInterval(Duration.ofSeconds(1));
    }
}
