package dev.loadkit.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Workload;
import dev.loadkit.core.internal.parse.DurationSyntax;
import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.RunStart;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * What the quick runners ({@code http}, {@code grpc}) share: the load options, the run with its warm-up,
 * the wrk-like summary and the exit code, so that every protocol's quick runner reads and behaves alike.
 */
final class QuickRun {

    /** The exit code's rule, for the runners' help. */
    static final String EXIT_CODES = "Exit codes: 0 done; 1 when no request was made or more than half of the requests"
            + " failed (timed out, refused, cut by the end of the run, or an error status); 2 a usage error; 3 interrupted.";

    /** The load options every quick runner takes, as a picocli mixin. */
    static final class LoadOptions {

        @Option(names = "-c", paramLabel = "CONNECTIONS", description = "Connections (users); with --rate, the most requests in flight. Default 10.")
        int connections = 10;

        @Option(names = "--rate", paramLabel = "R", description = "Requests per second, started on schedule (open model).")
        Double rate;

        @Option(names = "--warm-up", paramLabel = "DURATION",
                description = "A run before the measured one, not reported, so that the JIT has compiled the hot paths. Default 5s; 0 to skip.")
        String warmUp = "5s";

        @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON summary.")
        String json;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        Workload workload(Duration length) {
            if (connections < 1) {
                throw new ConfigurationException("-c must be at least 1, got " + connections);
            }
            return rate == null ? Workload.constantUsers(connections, length) : Workload.constantArrivalRate(rate, length, connections);
        }

        String describe() {
            return rate == null
                    ? connections + " connections (closed model: each waits for its response)"
                    : String.format(Locale.ROOT, "%.0f requests/s on schedule (open model), at most %d in flight", rate, connections);
        }
    }

    private QuickRun() {
    }

    /**
     * Parses the arguments into a runner and runs it; a user's mistake is one line on standard error.
     *
     * @param command the command's name, for the help
     * @param runner the runner, with picocli annotations
     * @param body runs the parsed runner, returning the exit code
     * @return the exit code
     */
    static <T> int execute(String command, T runner, ToIntFunction<T> body, String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(runner);
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                return ExitCode.PASSED;
            }
            return body.applyAsInt(runner);
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage());
            err.println("Run 'loadkit-bench " + command + " --help' for the options.");
            return ExitCode.USAGE_ERROR;
        } catch (ConfigurationException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        }
    }

    /**
     * Runs a quick test: its warm-up, then the measured run, printed as wrk does.
     *
     * @param test the test, one task of one request
     * @param options the load options
     * @param length the measured run's length, as written
     * @param target what is loaded, for the header
     * @param metric the protocol's request metric
     * @param out standard output
     * @return the exit code
     */
    static int run(LoadTest test, LoadOptions options, String length, String target, RequestMetric metric, PrintStream out) {
        Duration warming = DurationSyntax.parse(options.warmUp);
        if (!warming.isZero()) {
            out.printf("  warming up for %s (not measured)%n", options.warmUp);
        }
        RunOptions.Builder run = RunOptions.builder().warmUp(warming)
                .reports(new ReportOptions(options.json == null ? Map.of() : Map.of("json", options.json), true, true));
        out.printf("Running %s test @ %s%n  %s%n", DurationSyntax.format(DurationSyntax.parse(length)), target, options.describe());
        ProcessCpu cpu = new ProcessCpu();
        RunSummary summary = test.start(run.reporter(cpu).stopOnInterruptSignals().build()).await();
        print(summary, metric, out);
        cpu.seconds().ifPresent(seconds -> out.printf(Locale.ROOT, "CPU of the measured run: %.2fs (%.0f requests per "
                + "CPU-second)%n", seconds, summary.metric(metric.count().name()).count() / seconds));
        if (summary.aborted()) {
            return ExitCode.ABORTED;
        }
        long requests = summary.metric(metric.count().name()).count();
        return requests == 0 || summary.metric(metric.failed().name()).trues() * 2 > requests
                ? ExitCode.THRESHOLD_FAILED : ExitCode.PASSED;
    }

    private static void print(RunSummary summary, RequestMetric metric, PrintStream out) {
        Distribution latency = summary.metric(metric.duration().name()).distribution();
        long requests = summary.metric(metric.count().name()).count();
        double seconds = summary.metrics().window().toNanos() / 1e9;
        out.println("  Latency, from each request's intended start:");
        out.printf(Locale.ROOT, "    p50 %s   p90 %s   p99 %s   p99.9 %s   max %s%n", millis(latency.percentile(50)),
                millis(latency.percentile(90)), millis(latency.percentile(99)), millis(latency.percentile(99.9)),
                millis(latency.max()));
        out.printf(Locale.ROOT, "  %d requests in %.2fs, %s read%n", requests, seconds,
                bytes(summary.metric("data_received").count()));
        long dropped = summary.metric("dropped_iterations").count();
        if (dropped > 0) {
            out.printf("  %d requests dropped: all %s allowed in flight were busy%n", dropped, "connections");
        }
        long failed = summary.metric(metric.failed().name()).trues();
        if (failed > 0 || !summary.errors().isEmpty()) {
            // Errors beside failed requests: a request that could not be made at all, such as an unknown method.
            out.println(failed > 0 ? String.format("  %d failed requests:", failed) : "  errors:");
            for (ErrorCount error : summary.errors()) {
                out.printf("    %d %s (%s)%n", error.count(), error.kind(), error.message());
            }
        }
        for (String warning : summary.warnings()) {
            out.println("  WARNING: " + warning);
        }
        out.printf(Locale.ROOT, "Requests/sec: %.2f%n", requests / seconds);
    }

    private static String millis(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0fms", value) : String.format(Locale.ROOT, "%.2fms", value);
    }

    private static String bytes(long count) {
        if (count >= 1 << 20) {
            return String.format(Locale.ROOT, "%.2fMB", count / (double) (1 << 20));
        }
        return String.format(Locale.ROOT, "%.2fKB", count / 1024.0);
    }

    /**
     * The CPU time this process spent in the measured run (the warm-up left out): every thread of it, the event
     * loops, the engine, the JIT compilers and the garbage collector, so that a generator's cost per request is
     * its whole cost, as {@code time} measures a peer's.
     */
    private static final class ProcessCpu implements Reporter {

        private final OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        private long startNanos = -1;
        private long endNanos = -1;

        @Override
        public void onStart(RunStart start) {
            startNanos = os.getProcessCpuTime();
        }

        @Override
        public void onEnd(RunSummary summary) {
            endNanos = os.getProcessCpuTime();
        }

        /** The seconds, where the platform measures a process's CPU time. */
        Optional<Double> seconds() {
            return startNanos < 0 || endNanos <= startNanos ? Optional.empty() : Optional.of((endNanos - startNanos) / 1e9);
        }
    }
}
