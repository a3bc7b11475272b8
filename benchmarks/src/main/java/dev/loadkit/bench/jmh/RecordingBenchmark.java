package dev.loadkit.bench.jmh;

import dev.loadkit.core.internal.metrics.MetricRegistry;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The recording path: what every request costs the engine, from looking up its series by prebuilt tags
 * to recording latency, service time and outcome into HdrHistogram recorders. A reporting tick that
 * swaps the interval histograms runs beside it, as in a real run.
 *
 * <pre>
 * java -cp benchmarks/target/loadkit-bench.jar org.openjdk.jmh.Main RecordingBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordingBenchmark {

    private static final RequestMetric METRIC = RequestMetric.of("http_req_duration", "http_reqs", "http_req_failed");

    private MetricRegistry registry;
    private Tags tags;
    private RequestSeries series;
    private long clock;
    private int next;

    /** Latencies in nanoseconds, log-normal around 1 ms, fixed by a seed so that every run records the same. */
    private static final long[] LATENCIES = new SplittableRandom(42).doubles(1 << 16)
            .mapToLong(uniform -> (long) (1_000_000 * Math.exp(1.2 * gaussian(uniform)))).toArray();

    /** A standard normal value from a uniform one (the logistic approximation of the normal's quantile). */
    private static double gaussian(double uniform) {
        double p = Math.min(Math.max(uniform, 1e-9), 1 - 1e-9);
        return Math.log(p / (1 - p)) / 1.702;
    }

    /** A registry with one series, as a driver's request definition would keep it. */
    @Setup(Level.Trial)
    public void setUp() {
        registry = new MetricRegistry(System::nanoTime);
        tags = Tags.of("name", "get vm", "method", "GET", "status", "200");
        series = registry.request(METRIC, tags);
    }

    /** Swaps the interval histograms every iteration, as the reporting tick does every second. */
    @Setup(Level.Iteration)
    public void tick() {
        registry.takeInterval(Duration.ofSeconds(1));
    }

    /**
     * Records one request into a series the driver kept.
     *
     * @return the fake clock, so that the JIT keeps the work
     */
    @Benchmark
    public long recordRequest() {
        long start = clock += 1_000_003;
        series.record(start - 17_000, start, start + 2_345_678, false);
        return clock;
    }

    /**
     * Records requests whose latencies vary as a real run's do (log-normal, from about 0.1 to 50 ms), so that
     * every write lands in another part of the histograms: the cost a run pays, where {@link #recordRequest}
     * writes one value again and again, the best case.
     *
     * @return the fake clock
     */
    @Benchmark
    public long recordVaryingRequest() {
        long start = clock += 1_000_003;
        long latency = LATENCIES[next++ & (LATENCIES.length - 1)];
        series.record(start - 17_000, start, start + latency, false);
        return clock;
    }

    /**
     * Looks the series up by its prebuilt tags, then records: the cost when a driver does not keep the series.
     *
     * @return the fake clock
     */
    @Benchmark
    public long lookUpAndRecordRequest() {
        long start = clock += 1_000_003;
        registry.request(METRIC, tags).record(start - 17_000, start, start + 2_345_678, false);
        return clock;
    }

    /**
     * Two threads recording into the same series, as two event loops do.
     *
     * @return the fake clock
     */
    @Benchmark
    @Threads(2)
    public long recordRequestFromTwoThreads() {
        long start = System.nanoTime();
        series.record(start - 17_000, start, start + 2_345_678, false);
        return start;
    }
}
