package dev.loadkit.core.internal.engine;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Protocol;
import dev.loadkit.core.RunContext;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.Threshold;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.ThresholdWindow;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.UserClassResult;
import dev.loadkit.core.Workload;
import dev.loadkit.core.internal.metrics.MetricRegistry;
import dev.loadkit.core.internal.parse.DurationSyntax;
import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.report.FirstError;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.RunStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs one test once: prepares it (which finds every configuration mistake before anything starts), runs
 * its executor, hands an interval snapshot to the reporters every interval, watches the abort-on-fail
 * thresholds, and at the end evaluates the thresholds and builds the {@link RunSummary}.
 */
public final class Engine {

    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/@]+)@");

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /**
     * Where the engine's time comes from and where it runs: real time in a run, virtual time in tests.
     *
     * @param scheduler the timer scheduler of the virtual users
     * @param reportScheduler one thread for the reporting tick, the reporters and the end of the run, so
     *                        that they never run at once nor slow the virtual users' timers
     * @param clock the monotonic clock in nanoseconds
     * @param wallClock the wall clock, for labels in reports
     * @param seed the seed of the virtual users' random numbers
     * @param reportInterval how often live reporters get a snapshot
     * @param lagSamplePeriod how often the generator's own lag and CPU are sampled; zero for never, as in
     *                        virtual time, where the generator cannot lag
     */
    public record Settings(Scheduler scheduler, Scheduler reportScheduler, LongSupplier clock,
                           Supplier<Instant> wallClock, long seed, Duration reportInterval, Duration lagSamplePeriod) {
    }

    /** The p99 of {@code generator_lag} above which the summary warns that latencies are partly the generator's. */
    static final double LAG_WARNING_MILLIS = 10;

    private final LoadTest test;
    private final Settings settings;
    private final List<Reporter> reporters;
    private final RunControl control;
    private final RunContext context;
    private final Workload workload;
    private final MetricRegistry registry;
    private final RunScope scope;
    private final List<ClassPlan> plans = new ArrayList<>();
    /** The thresholds on metrics, judged on the whole run and on its sliding windows. */
    private final List<Threshold> thresholds = new ArrayList<>();
    /** The thresholds on the others' recovery ({@code recovery: <60s}), judged at the end. */
    private final List<Threshold> recoveryThresholds = new ArrayList<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final RunOptions options;
    private final List<ThresholdTimeline> timelines = new ArrayList<>();
    private final Deque<MetricsSnapshot> window = new ArrayDeque<>();
    /** The verdict of the threshold that stopped the run, if one did. */
    private volatile ThresholdResult abortingThreshold;
    private long lastTickNanos;
    /** When a stop was first requested (Ctrl-C, an aborting threshold), or 0. */
    private volatile long stopRequestedAt;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final GeneratorLoad load = new GeneratorLoad();
    private final PhaseLedger phases = new PhaseLedger();
    /** With {@code --verbose}: first errors recorded on the load's threads, handed to the reporters on the tick. */
    private final Queue<FirstError> firstErrors = new ConcurrentLinkedQueue<>();

    /**
     * Prepares a run.
     *
     * @param test the test
     * @param options the run's options
     * @param settings time and threads
     * @param reporters the reporters
     * @param control the stop requests
     * @throws ConfigurationException for any mistake in the test or the options
     */
    public Engine(LoadTest test, RunOptions options, Settings settings, List<Reporter> reporters, RunControl control) {
        this.test = test;
        this.options = options;
        this.settings = settings;
        this.reporters = List.copyOf(reporters);
        this.control = control;
        this.context = new RunContext(test.name(), options.host().orElse(null), options.environment().orElse(null),
                options.variables());
        this.workload = options.workload().orElseGet(() -> test.workloadFor(options.profile(), Optional.empty()));
        checkPhases(test, workload);
        this.registry = new MetricRegistry(settings.clock(), options.verbose() ? firstErrors::add : null);
        BuiltInMetrics.all().forEach(registry::define);
        test.metrics().forEach(registry::define);
        test.protocols().forEach(protocol -> protocol.metrics().forEach(registry::define));
        this.scope = new RunScope(context, registry, settings.clock(), settings.scheduler(), settings.seed());
        planClasses(options.tags(), options.excludedTags());
        List<Threshold> all = new ArrayList<>(test.thresholds());
        all.addAll(options.thresholds());
        MetricsSnapshot defined = registry.cumulative(Duration.ZERO);
        for (Threshold threshold : all) {
            threshold.checkAgainst(defined);
            if (threshold.judgesRecovery()) {
                threshold.checkRecoveryOf(all);
                recoveryThresholds.add(threshold);
            } else {
                thresholds.add(threshold);
                timelines.add(new ThresholdTimeline(threshold));
            }
        }
        test.protocols().forEach(protocol -> warnings.addAll(protocol.warnings()));
        describeParameters();
    }

    private void planClasses(Set<String> tags, Set<String> excluded) {
        Set<String> known = test.userClasses().stream().flatMap(c -> c.tasks().stream())
                .flatMap(t -> t.tags().stream()).collect(Collectors.toCollection(TreeSet::new));
        checkTagsExist("--tags", tags, known);
        checkTagsExist("--exclude-tags", excluded, known);
        for (UserClass userClass : test.userClasses()) {
            List<Task> tasks = userClass.tasks().stream()
                    .filter(task -> tags.isEmpty() || !disjoint(task.tags(), tags))
                    .filter(task -> disjoint(task.tags(), excluded))
                    .toList();
            if (!tasks.isEmpty()) {
                plans.add(new ClassPlan(userClass, tasks, scope.metrics()));
            }
        }
        if (plans.isEmpty()) {
            throw new ConfigurationException("no task is left to run after --tags " + String.join(",", tags)
                    + (excluded.isEmpty() ? "" : " and --exclude-tags " + String.join(",", excluded)));
        }
    }

    /** A phase that names a class the test does not have is a mistake to report before anything runs. */
    private static void checkPhases(LoadTest test, Workload workload) {
        if (workload instanceof Workload.Sequence sequence) {
            List<String> names = test.userClasses().stream().map(UserClass::name).toList();
            for (Workload.Phase phase : sequence.phases()) {
                for (String name : phase.userClasses()) {
                    if (!names.contains(name)) {
                        throw new ConfigurationException("phase " + phase.name() + " names user class '" + name
                                + "', which this test does not have; it has " + String.join(", ", names));
                    }
                }
            }
        }
    }

    private static void checkTagsExist(String option, Set<String> asked, Set<String> known) {
        for (String tag : asked) {
            if (!known.contains(tag)) {
                throw new ConfigurationException(option + " names tag '" + tag + "', which no task has; tags of this test: "
                        + (known.isEmpty() ? "none" : String.join(", ", known)));
            }
        }
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        return common.isEmpty();
    }

    /** A URL's user information ({@code http://user:secret@host}) never reaches a report: {@code http://***@host}. */
    private static String withoutCredentials(String url) {
        Matcher userInfo = USER_INFO.matcher(url);
        return userInfo.find() && !userInfo.group(2).contains("***") ? userInfo.replaceFirst("$1***@") : url;
    }

    private void describeParameters() {
        parameters.put("workload", WorkloadText.describe(workload));
        options.profile().ifPresent(profile -> parameters.put("profile", profile.toString()));
        // The header shows where traffic really goes: each driver's target in this run (--host, a variable, the code's).
        String targets = test.protocols().stream().map(protocol -> protocol.target(context))
                .flatMap(Optional::stream).map(Engine::withoutCredentials).distinct().collect(Collectors.joining(", "));
        if (targets.isEmpty()) {
            targets = context.host().map(Engine::withoutCredentials).orElse("");
        }
        if (!targets.isEmpty()) {
            parameters.put("host", targets);
        }
        context.environment().ifPresent(environment -> parameters.put("environment", environment));
        parameters.put("user classes", plans.stream().map(plan -> plan.userClass().name()
                + (plan.userClass().fixedCount().isPresent() ? " (fixed " + plan.userClass().fixedCount().getAsInt() + ")"
                : " (weight " + plan.userClass().weight() + ")")).collect(Collectors.joining(", ")));
        if (!options.tags().isEmpty()) {
            parameters.put("tags", String.join(",", new TreeSet<>(options.tags())));
        }
        if (!options.excludedTags().isEmpty()) {
            parameters.put("exclude tags", String.join(",", new TreeSet<>(options.excludedTags())));
        }
        parameters.put("graceful stop", DurationSyntax.format(test.gracefulStop()));
    }

    /**
     * The run's parameters, as reports show them.
     *
     * @return the parameters in display order
     */
    public Map<String, String> parameters() {
        return parameters;
    }

    /**
     * Runs the test.
     *
     * @return the summary, once every reporter has seen it
     */
    public Mono<RunSummary> run() {
        return prepareProtocols().then(warmUp()).then(measuredRun());
    }

    /**
     * Before the schedule, each driver resolves its target, opens a first connection and loads its classes,
     * so that the first requests do not pay for it. A target that cannot be reached is a warning here; the
     * run itself counts its requests' failures.
     */
    private Mono<Void> prepareProtocols() {
        return Mono.when(test.protocols().stream()
                .map(protocol -> protocol.prepare(context)
                        .onErrorResume(e -> {
                            warnings.add("before the start, a driver could not reach its target: " + ErrorText.of(e));
                            return Mono.empty();
                        }))
                .toList());
    }

    /** The unmeasured warm-up: the same test for the warm-up's length, on metrics that are then dropped. */
    private Mono<Void> warmUp() {
        Duration warmUp = options.warmUp().orElse(test.warmUp());
        if (warmUp.isZero()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            callReporters(reporter -> reporter.onWarmUp(warmUp));
            RunOptions.Builder warmUpOptions = RunOptions.builder().workload(workload.withDuration(warmUp))
                    .tags(options.tags()).excludedTags(options.excludedTags());
            context.host().ifPresent(warmUpOptions::host);
            context.environment().ifPresent(warmUpOptions::environment);
            context.variables().forEach(warmUpOptions::variable);
            Settings unmeasured = new Settings(settings.scheduler(), settings.reportScheduler(), settings.clock(),
                    settings.wallClock(), settings.seed() + 1, settings.reportInterval(), Duration.ZERO);
            return new Engine(test, warmUpOptions.build(), unmeasured, List.of(), control).executeUnmeasured();
        });
    }

    /** Runs the schedule without reports, thresholds or closing the protocols: a warm-up. */
    private Mono<Void> executeUnmeasured() {
        return Mono.defer(() -> executorFor(workload).run(new ExecutionContext(scope, plans, mix(), control,
                test.gracefulStop(), test.gracefulRampDown(), RunEvents.NONE)));
    }

    private Mono<RunSummary> measuredRun() {
        return Mono.defer(() -> {
            Instant startedAt = settings.wallClock().get();
            AtomicReference<ExecutionContext> running = new AtomicReference<>();
            ExecutionContext execution = new ExecutionContext(scope, plans, mix(), control,
                    test.gracefulStop(), test.gracefulRampDown(), events(running));
            running.set(execution);
            lastTickNanos = execution.startNanos();
            control.stopped().subscribe(null, null, () -> stopRequestedAt = settings.clock().getAsLong());
            RunStart start = new RunStart(test.name(), startedAt, workload.duration(), parameters,
                    plans.stream().map(plan -> plan.userClass().name()).toList(), options.reports());
            callReporters(reporter -> reporter.onStart(start));
            boolean sampling = !settings.lagSamplePeriod().isZero();
            LagSampler lag = new LagSampler(settings.scheduler(), settings.clock(), settings.lagSamplePeriod(), scope);
            if (sampling) {
                lag.start();
                load.sample(settings.clock().getAsLong());
            }
            Disposable ticks = Flux.interval(settings.reportInterval(), settings.reportInterval(), settings.reportScheduler())
                    .subscribe(n -> tick(execution, sampling));
            return executorFor(workload).run(execution)
                    // Deferred: a driver's close() may act when called, and must only run once the run is over.
                    .then(Mono.defer(() -> Mono.when(test.protocols().stream().map(Protocol::close).toList())))
                    .onErrorResume(e -> {
                        LOG.error("the run failed", e);
                        control.interrupt("internal error: " + e);
                        return Mono.empty();
                    })
                    .then(Mono.fromCallable(() -> {
                        ticks.dispose();
                        lag.stop();
                        return finish(execution, startedAt);
                    }).subscribeOn(settings.reportScheduler()));
        });
    }

    /** The measured run's events: warnings into the summary, phase boundaries into the ledger. */
    private RunEvents events(AtomicReference<ExecutionContext> running) {
        return new RunEvents() {
            @Override
            public void warn(String warning) {
                warnings.add(warning);
            }

            @Override
            public Mono<Void> phase(String name, Duration planned) {
                // On the reporting thread, like every tick: the interval so far belongs to the phase that ends.
                return Mono.<Void>fromRunnable(() -> {
                    tick(running.get(), false);
                    phases.enter(name, planned, settings.clock().getAsLong());
                }).subscribeOn(settings.reportScheduler());
            }
        };
    }

    private UserMix mix() {
        return UserMix.of(plans.stream().map(plan -> plan.userClass().weight()).toList(),
                plans.stream().map(plan -> plan.userClass().fixedCount()).toList());
    }

    /** The executor of a workload model. */
    static Executor executorFor(Workload workload) {
        if (workload instanceof Workload.ConstantUsers w) {
            return new ConstantUsersExecutor(w);
        } else if (workload instanceof Workload.RampingUsers w) {
            return new RampingUsersExecutor(w);
        } else if (workload instanceof Workload.PerUserIterations w) {
            return new PerUserIterationsExecutor(w);
        } else if (workload instanceof Workload.SharedIterations w) {
            return new SharedIterationsExecutor(w);
        } else if (workload instanceof Workload.ConstantArrivalRate w) {
            return new ConstantArrivalRateExecutor(w);
        } else if (workload instanceof Workload.RampingArrivalRate w) {
            return new RampingArrivalRateExecutor(w);
        } else if (workload instanceof Workload.Sequence w) {
            return new SequenceExecutor(w);
        }
        throw new IllegalArgumentException("unknown workload " + workload);
    }

    private void tick(ExecutionContext execution, boolean sampling) {
        long now = settings.clock().getAsLong();
        if (sampling) {
            load.sample(now);
        }
        MetricsSnapshot interval = registry.takeInterval(Duration.ofNanos(now - lastTickNanos));
        lastTickNanos = now;
        Duration elapsed = Duration.ofNanos(now - execution.startNanos());
        observeWindow(elapsed, execution.activeUsers(), interval);
        IntervalSnapshot snapshot = new IntervalSnapshot(elapsed, workload.duration(), execution.activeUsers(), interval,
                thresholdsNow(), registry.errors());
        tellFirstErrors();
        callReporters(reporter -> reporter.onInterval(snapshot));
        phases.observe(interval);
        checkAbortThresholds(elapsed);
    }

    private void tellFirstErrors() {
        for (FirstError error = firstErrors.poll(); error != null; error = firstErrors.poll()) {
            FirstError first = error;
            callReporters(reporter -> reporter.onFirstError(first));
        }
    }

    /** The thresholds' verdicts on their latest window with samples. */
    private List<ThresholdResult> thresholdsNow() {
        return timelines.stream().map(ThresholdTimeline::latest).filter(Objects::nonNull).toList();
    }

    /** Re-evaluates every threshold over the last {@code thresholdWindow} of intervals. */
    private void observeWindow(Duration elapsed, int users, MetricsSnapshot interval) {
        if (timelines.isEmpty()) {
            // No threshold to judge: merging the window's histograms every second would only cost CPU.
            return;
        }
        window.addLast(interval);
        Duration covered = window.stream().map(MetricsSnapshot::window).reduce(Duration.ZERO, Duration::plus);
        while (window.size() > 1 && covered.minus(window.peekFirst().window()).compareTo(test.thresholdWindow()) >= 0) {
            covered = covered.minus(window.removeFirst().window());
        }
        MetricsSnapshot merged = MetricsSnapshot.merge(List.copyOf(window));
        double seconds = elapsed.toNanos() / 1e9;
        timelines.forEach(timeline -> timeline.observe(seconds, users, merged));
    }

    private void checkAbortThresholds(Duration elapsed) {
        MetricsSnapshot soFar = null;
        for (Threshold threshold : thresholds) {
            if (threshold.abortOnFail() && elapsed.compareTo(threshold.delayAbortEval()) >= 0
                    && abortingThreshold == null && control.reason() == null) {
                if (soFar == null) {
                    soFar = registry.cumulative(elapsed);
                }
                ThresholdResult result = threshold.evaluate(soFar);
                if (!result.passed() && control.stop("threshold '" + threshold.expression() + "' failed at "
                        + DurationSyntax.format(elapsed.withNanos(0)) + " (actual " + result.actual() + ")")) {
                    abortingThreshold = result;
                }
            }
        }
    }

    private RunSummary finish(ExecutionContext execution, Instant startedAt) {
        long end = settings.clock().getAsLong();
        Duration duration = Duration.ofNanos(end - execution.startNanos());
        MetricsSnapshot lastInterval = registry.takeInterval(Duration.ofNanos(end - lastTickNanos));
        tellFirstErrors();
        callReporters(reporter -> reporter.onInterval(new IntervalSnapshot(duration, workload.duration(),
                execution.activeUsers(), lastInterval, thresholdsNow(), registry.errors())));
        // Rates divide by the time the schedule ran: not the drain after it, nor a stop's graceful period.
        long stopAt = stopRequestedAt;
        Duration measured = min(duration, workload.duration());
        if (stopAt != 0) {
            measured = min(measured, Duration.ofNanos(Math.max(0, stopAt - execution.startNanos())));
        }
        Duration scheduled = measured.isZero() ? duration : measured;
        MetricsSnapshot metrics = registry.cumulative(scheduled);
        // The threshold that stopped the run keeps its failing verdict, even if later samples would pass it.
        List<ThresholdResult> results = new ArrayList<>(thresholds.stream()
                .map(threshold -> abortingThreshold != null && abortingThreshold.expression().equals(threshold.expression())
                        ? abortingThreshold : threshold.evaluate(metrics))
                .toList());
        List<ThresholdWindow> windows = timelines.stream()
                .map(timeline -> timeline.result(scheduled.toNanos() / 1e9)).toList();
        recoveryThresholds.forEach(threshold -> results.add(threshold.evaluateRecovery(windows)));
        results.addAll(StartedWorkVerdict.of(metrics));
        lagWarning(metrics).ifPresent(warnings::add);
        load.warning().ifPresent(warnings::add);
        boolean allPassed = results.stream().allMatch(ThresholdResult::passed);
        int exitCode;
        if (control.reason() != null && abortingThreshold == null) {
            exitCode = ExitCode.ABORTED;
        } else {
            exitCode = allPassed ? ExitCode.PASSED : ExitCode.THRESHOLD_FAILED;
        }
        RunSummary summary = new RunSummary(test.name(), startedAt, settings.wallClock().get(), duration, exitCode,
                control.reason(), parameters, metrics, results, registry.errors(), userClassResults(),
                windows, warnings, phases.results(), List.of());
        // The reports first, then whoever tells a person how it ended: it must not list a report that failed.
        List<String> unwritten = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Reporter reporter : reporters) {
            if (reporter.speaksLast()) {
                continue;
            }
            try {
                reporter.onEnd(summary);
            } catch (Exception e) {
                String name = reporter.output().orElse(reporter.getClass().getSimpleName());
                unwritten.add(name);
                reasons.add("the " + name + " report was not written: " + ErrorText.of(e));
            }
        }
        RunSummary told = unwritten.isEmpty() ? summary : summary.withUnwrittenReports(unwritten, reasons);
        reporters.stream().filter(Reporter::speaksLast).forEach(reporter -> callReporters(List.of(reporter), each -> each.onEnd(told)));
        return told;
    }

    /** A warning when the generator's own lag is large enough to show in the latencies. */
    private static Optional<String> lagWarning(MetricsSnapshot metrics) {
        return metrics.aggregate(BuiltInMetrics.GENERATOR_LAG.name())
                .filter(lag -> lag.count() > 0 && lag.distribution().percentile(99) > LAG_WARNING_MILLIS)
                .map(lag -> String.format(Locale.ROOT, "generator lagging: generator_lag p99 is %.1f ms (max %.1f ms);"
                        + " latencies include up to that much of the generator's own delay (GC, JIT, a busy core),"
                        + " so give it a warm-up (--warm-up), more CPU or less load", lag.distribution().percentile(99),
                        lag.distribution().max()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private List<UserClassResult> userClassResults() {
        List<UserClassResult> results = new ArrayList<>();
        for (UserClass userClass : test.userClasses()) {
            long started = plans.stream().filter(plan -> plan.userClass() == userClass)
                    .mapToLong(ClassPlan::started).sum();
            int weight = userClass.fixedCount().isPresent() ? 0 : userClass.weight();
            results.add(new UserClassResult(userClass.name(), weight, started));
        }
        return results;
    }

    /** A reporter that fails is logged and skipped: one broken report must not lose the others. */
    private void callReporters(ReporterCall call) {
        callReporters(reporters, call);
    }

    private static void callReporters(List<Reporter> some, ReporterCall call) {
        for (Reporter reporter : some) {
            try {
                call.accept(reporter);
            } catch (Exception e) {
                LOG.error("reporter {} failed: {}", reporter.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private interface ReporterCall {
        void accept(Reporter reporter) throws Exception;
    }
}
