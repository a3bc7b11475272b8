package dev.loadkit.core.internal.engine;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunContext;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.internal.cli.SignalHandling;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A run in real time on this machine: the timer scheduler has one thread per core, reporters run on a
 * thread of their own so that printing or writing files never delays a virtual user.
 */
public final class LocalRun {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

    private LocalRun() {
    }

    /**
     * Starts a test; every configuration mistake is found before it returns.
     *
     * @param test the test
     * @param options the options
     * @param control where stop requests come from
     * @return the summary when the run ends
     * @throws ConfigurationException for mistakes found before the start
     */
    public static CompletableFuture<RunSummary> start(LoadTest test, RunOptions given, RunControl control) {
        // Installed before anything starts: a Ctrl-C right after the start must stop the run, not the JVM.
        SignalHandling signals = given.stopOnInterruptSignals() ? SignalHandling.install(control, System.err) : null;
        try {
            CompletableFuture<RunSummary> summary = startRun(test, given, control);
            // The signals are given back before anyone waiting sees the end: a live view that keeps the process
            // after the run installs its own handling then, which this must not undo.
            return signals == null ? summary : summary.whenComplete((result, error) -> signals.close());
        } catch (RuntimeException e) {
            if (signals != null) {
                signals.close();
            }
            throw e;
        }
    }

    private static CompletableFuture<RunSummary> startRun(LoadTest test, RunOptions given, RunControl control) {
        RunContext context = setUp(test, given);
        RunOptions options = given.withContext(context);
        Mono<Void> tearDown = test.tearDown() == null ? Mono.empty()
                : Mono.defer(() -> Mono.from(test.tearDown().apply(context)).then()).onErrorResume(e -> Mono.empty());
        List<Reporter> reporters = new ArrayList<>(reporters(options.reports()));
        reporters.addAll(options.reporters());
        Scheduler timer = Schedulers.newParallel("loadkit-timer", Math.max(2, Runtime.getRuntime().availableProcessors()), true);
        // Reporters print and write files: a plain thread, not one of Reactor's non-blocking ones.
        Scheduler reporting = Schedulers.fromExecutorService(Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "loadkit-report");
            thread.setDaemon(true);
            return thread;
        }));
        Engine.Settings settings = new Engine.Settings(timer, reporting, System::nanoTime, Instant::now,
                ThreadLocalRandom.current().nextLong(), Duration.ofSeconds(1), Duration.ofMillis(10));
        Engine engine;
        try {
            engine = new Engine(test, options, settings, reporters, control);
        } catch (RuntimeException e) {
            timer.dispose();
            reporting.dispose();
            close(reporters);
            tearDown.block();
            throw e;
        }
        return engine.run()
                .flatMap(summary -> tearDown.thenReturn(summary))
                .doFinally(signal -> {
                    timer.dispose();
                    reporting.dispose();
                })
                .toFuture();
    }

    /** Runs the test's set-up, which may give the run another context (the host of a target it started). */
    private static RunContext setUp(LoadTest test, RunOptions options) {
        RunContext initial = new RunContext(test.name(), options.host().orElse(null), options.environment().orElse(null),
                options.variables());
        if (test.setUp() == null) {
            return initial;
        }
        RunContext prepared = Mono.from(test.setUp().apply(initial)).block();
        return prepared == null ? initial : prepared;
    }

    /**
     * The reporters of every provider on the class path, checking that each requested output has one.
     *
     * @param options what the user asked for
     * @return the reporters
     * @throws ConfigurationException when an output is asked for that no provider writes
     */
    public static List<Reporter> reporters(ReportOptions options) {
        List<Reporter> reporters = new ArrayList<>();
        Map<String, ReportOutput> offered = new HashMap<>();
        try {
            for (ReporterProvider provider : ServiceLoader.load(ReporterProvider.class)) {
                provider.outputs().forEach(output -> offered.putIfAbsent(output.name(), output));
                reporters.addAll(provider.create(options));
            }
            for (Map.Entry<String, String> output : options.outputs().entrySet()) {
                ReportOutput known = offered.get(output.getKey());
                if (known == null) {
                    throw new ConfigurationException("--" + output.getKey() + " needs a reporter that writes it; add the "
                            + "dev.loadkit:loadkit-report dependency");
                }
                if (known.writesFile()) {
                    checkWritable(output.getKey(), output.getValue());
                }
            }
            return reporters;
        } catch (RuntimeException e) {
            close(reporters);
            throw e;
        }
    }

    /** Releases what reporters hold (a server's port) when the run does not start after all. */
    static void close(List<Reporter> reporters) {
        for (Reporter reporter : reporters) {
            if (reporter instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("a reporter could not be closed", e);
                }
            }
        }
    }

    /**
     * Fails at the start, not at the end, when a report could not be written: its folder (or the nearest
     * existing parent, which the reporter will create the rest under) must be a writable directory.
     */
    private static void checkWritable(String output, String target) {
        Path folder = Path.of(target).toAbsolutePath().getParent();
        while (folder != null && !Files.exists(folder)) {
            folder = folder.getParent();
        }
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new ConfigurationException("--" + output + " " + target + ": cannot write there; "
                    + (folder == null ? "no such folder" : folder + " is not a writable folder"));
        }
    }
}
