package dev.loadkit.core;

import dev.loadkit.core.internal.engine.LocalRun;
import dev.loadkit.core.internal.engine.RunControl;
import dev.loadkit.core.metrics.Metric;
import org.reactivestreams.Publisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A load test: user classes, a workload, thresholds and options. Describe it once, then run it from a
 * {@code main} with the shared command line, or from Java and JUnit for a {@link RunSummary}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     LoadTest.named("shop")
 *             .users(browser, buyer)
 *             .workload(Workload.constantUsers(50, Duration.ofMinutes(5)))
 *             .threshold("http_req_duration: p(95)<500")
 *             .protocol(http)
 *             .build()
 *             .run(args);                      // parses --users, --run-time, --json, ...; exits 0, 1, 2 or 3
 * }
 *
 * RunSummary summary = test.execute();         // from a JUnit test
 * }</pre>
 *
 * Immutable.
 */
public final class LoadTest {

    private final String name;
    private final List<UserClass> userClasses;
    private final Workload workload;
    private final Map<Profile, Workload> profiles;
    private final List<Threshold> thresholds;
    private final List<Metric> metrics;
    private final List<Protocol> protocols;
    private final Duration gracefulStop;
    private final Duration gracefulRampDown;
    private final Duration thresholdWindow;
    private final Duration warmUp;
    private final Function<RunContext, ? extends Publisher<RunContext>> setUp;
    private final Function<RunContext, ? extends Publisher<?>> tearDown;

    private LoadTest(Builder builder) {
        this.name = builder.name;
        this.userClasses = List.copyOf(builder.userClasses);
        this.workload = builder.workload;
        this.profiles = Map.copyOf(builder.profiles);
        this.thresholds = List.copyOf(builder.thresholds);
        this.metrics = List.copyOf(builder.metrics);
        this.protocols = List.copyOf(builder.protocols);
        this.gracefulStop = builder.gracefulStop;
        this.gracefulRampDown = builder.gracefulRampDown;
        this.thresholdWindow = builder.thresholdWindow;
        this.warmUp = builder.warmUp;
        this.setUp = builder.setUp;
        this.tearDown = builder.tearDown;
    }

    /**
     * Starts describing a test.
     *
     * @param name the test's name, used in reports
     * @return a builder
     */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /**
     * Runs the test from a {@code main}: parses the shared command line ({@code --help} lists it), runs,
     * writes the requested reports, and exits the JVM with 0 (thresholds passed), 1 (a threshold failed),
     * 2 (a usage or configuration error) or 3 (aborted, as by Ctrl-C).
     *
     * @param args the command line's arguments
     */
    public void run(String... args) {
        ScenarioLauncher.builder(name).scenario(name, "", () -> this).build().run(args);
    }

    /**
     * Runs the test as it describes itself, without reports, and waits for its end.
     *
     * @return what the run measured and decided
     * @throws ConfigurationException when the test cannot run as described (a threshold on an unknown metric, ...)
     */
    public RunSummary execute() {
        return execute(RunOptions.defaults());
    }

    /**
     * Runs the test with options, writing the reports they ask for, and waits for its end.
     *
     * @param options the options
     * @return what the run measured and decided
     * @throws ConfigurationException when the test cannot run with these options
     */
    public RunSummary execute(RunOptions options) {
        return start(options).await();
    }

    /**
     * Starts the test with options and returns at once, with a handle to stop it or wait for its end.
     *
     * @param options the options
     * @return the running test
     * @throws ConfigurationException when the test cannot run with these options
     */
    public RunningTest start(RunOptions options) {
        RunControl control = new RunControl();
        Workload running = options.workload().orElseGet(() -> workloadFor(options.profile(), Optional.empty()));
        return new RunningTest(LocalRun.start(this, options, control), control, running);
    }

    /**
     * The test's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The user classes.
     *
     * @return an unmodifiable list
     */
    public List<UserClass> userClasses() {
        return userClasses;
    }

    /**
     * The workload a run uses when neither a profile nor a workload is given.
     *
     * @return the default workload
     */
    public Workload workload() {
        return workload;
    }

    /**
     * The workload to run: for a profile, the test's own choice for it or the preset scaled from the
     * default workload (over {@code runTime}, when given); without one, the default workload.
     *
     * @param profile the profile, or empty for the default workload
     * @param runTime the run's duration, if one was asked for: presets scale to it
     * @return the workload, not yet cut to {@code runTime}
     */
    public Workload workloadFor(Optional<Profile> profile, Optional<Duration> runTime) {
        if (profile.isEmpty()) {
            return workload;
        }
        Workload own = profiles.get(profile.get());
        if (own != null) {
            return own;
        }
        Duration length = runTime.orElseGet(() -> profile.get().defaultDuration(workload));
        return profile.get().preset(workload.withDuration(length), userClasses.size());
    }

    /**
     * The thresholds.
     *
     * @return an unmodifiable list
     */
    public List<Threshold> thresholds() {
        return thresholds;
    }

    /**
     * The custom metrics the test defines.
     *
     * @return an unmodifiable list
     */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * The protocols of the drivers the test uses.
     *
     * @return an unmodifiable list
     */
    public List<Protocol> protocols() {
        return protocols;
    }

    /**
     * How long running iterations may take to finish when the workload ends, before they are cut.
     *
     * @return the period, 30 seconds by default
     */
    public Duration gracefulStop() {
        return gracefulStop;
    }

    /**
     * How long a user's running iteration may take to finish when a ramp lowers the user count.
     *
     * @return the period, 30 seconds by default
     */
    public Duration gracefulRampDown() {
        return gracefulRampDown;
    }

    /**
     * How long the workload runs first, unmeasured, before the measured run: class loading, the JIT and the
     * first connections of a cold generator are then not counted as the target's latency.
     *
     * @return the warm-up, zero (none) by default
     */
    public Duration warmUp() {
        return warmUp;
    }

    /**
     * The sliding window over which thresholds are also judged every interval, to find a breaking point
     * and a recovery (see {@link ThresholdWindow}).
     *
     * @return the window, 10 seconds by default
     */
    public Duration thresholdWindow() {
        return thresholdWindow;
    }

    /**
     * What runs before the workload: it may replace the run's context, such as with the address of a
     * target it started.
     *
     * @return the set-up, or {@code null}
     */
    public Function<RunContext, ? extends Publisher<RunContext>> setUp() {
        return setUp;
    }

    /**
     * What runs after the workload, also when the run was interrupted.
     *
     * @return the tear-down, or {@code null}
     */
    public Function<RunContext, ? extends Publisher<?>> tearDown() {
        return tearDown;
    }

    /** Builds a {@link LoadTest}. */
    public static final class Builder {

        private final String name;
        private final List<UserClass> userClasses = new ArrayList<>();
        private Workload workload = Workload.constantUsers(1, Duration.ofSeconds(30));
        private final Map<Profile, Workload> profiles = new EnumMap<>(Profile.class);
        private final List<Threshold> thresholds = new ArrayList<>();
        private final List<Metric> metrics = new ArrayList<>();
        private final List<Protocol> protocols = new ArrayList<>();
        private Duration gracefulStop = Duration.ofSeconds(30);
        private Duration gracefulRampDown = Duration.ofSeconds(30);
        private Duration thresholdWindow = Duration.ofSeconds(10);
        private Duration warmUp = Duration.ZERO;
        private Function<RunContext, ? extends Publisher<RunContext>> setUp;
        private Function<RunContext, ? extends Publisher<?>> tearDown;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Adds user classes.
         *
         * @param classes the user classes
         * @return this builder
         */
        public Builder users(UserClass... classes) {
            userClasses.addAll(List.of(classes));
            return this;
        }

        /**
         * The default workload; one user for 30 seconds unless set.
         *
         * @param newWorkload the workload
         * @return this builder
         */
        public Builder workload(Workload newWorkload) {
            this.workload = Objects.requireNonNull(newWorkload, "workload");
            return this;
        }

        /**
         * Replaces a profile's preset with the test's own workload for it.
         *
         * @param profile the profile
         * @param profileWorkload its workload in this test
         * @return this builder
         */
        public Builder profile(Profile profile, Workload profileWorkload) {
            profiles.put(Objects.requireNonNull(profile, "profile"), Objects.requireNonNull(profileWorkload, "workload"));
            return this;
        }

        /**
         * Adds a threshold in k6's syntax.
         *
         * @param expression such as {@code http_req_duration: p(95)<500}
         * @return this builder
         * @throws ConfigurationException when the expression is not valid
         */
        public Builder threshold(String expression) {
            thresholds.add(Threshold.parse(expression));
            return this;
        }

        /**
         * Defines a custom metric, so that thresholds may name it.
         *
         * @param metric the metric
         * @return this builder
         */
        public Builder metric(Metric metric) {
            metrics.add(Objects.requireNonNull(metric, "metric"));
            return this;
        }

        /**
         * Adds the protocol of a driver that the tasks use.
         *
         * @param protocol the protocol
         * @return this builder
         */
        public Builder protocol(Protocol protocol) {
            protocols.add(Objects.requireNonNull(protocol, "protocol"));
            return this;
        }

        /**
         * How long running iterations may take to finish at the end.
         *
         * @param period the period
         * @return this builder
         */
        public Builder gracefulStop(Duration period) {
            this.gracefulStop = nonNegative(period, "graceful stop");
            return this;
        }

        /**
         * How long a user's running iteration may take to finish when a ramp lowers the user count.
         *
         * @param period the period
         * @return this builder
         */
        public Builder gracefulRampDown(Duration period) {
            this.gracefulRampDown = nonNegative(period, "graceful ramp-down");
            return this;
        }

        /**
         * Runs the workload for this long first, unmeasured, shown as warm-up on the console; the measured
         * run starts afterwards with fresh virtual users. {@code --warm-up} overrides it.
         *
         * @param period the warm-up; zero for none
         * @return this builder
         */
        public Builder warmUp(Duration period) {
            this.warmUp = nonNegative(period, "warm-up");
            return this;
        }

        /**
         * The sliding window over which thresholds are also judged every interval.
         *
         * @param window the window
         * @return this builder
         */
        public Builder thresholdWindow(Duration window) {
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("threshold window must be positive");
            }
            this.thresholdWindow = window;
            return this;
        }

        /**
         * What runs once before the workload, as k6's {@code setup()}: it receives the run's context and
         * gives the one the run uses, such as with the address of a target it started.
         *
         * @param action the set-up
         * @return this builder
         */
        public Builder setUp(Function<RunContext, ? extends Publisher<RunContext>> action) {
            this.setUp = Objects.requireNonNull(action, "setUp");
            return this;
        }

        /**
         * What runs once after the workload, also when the run was interrupted, as k6's {@code teardown()}.
         *
         * @param action the tear-down
         * @return this builder
         */
        public Builder tearDown(Function<RunContext, ? extends Publisher<?>> action) {
            this.tearDown = Objects.requireNonNull(action, "tearDown");
            return this;
        }

        private static Duration nonNegative(Duration period, String what) {
            Objects.requireNonNull(period, what);
            if (period.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative");
            }
            return period;
        }

        /**
         * Builds the test.
         *
         * @return the test
         */
        public LoadTest build() {
            if (userClasses.isEmpty()) {
                throw new IllegalArgumentException("load test " + name + " has no user class");
            }
            if (userClasses.stream().map(UserClass::name).distinct().count() != userClasses.size()) {
                throw new IllegalArgumentException("load test " + name + " has two user classes of the same name");
            }
            return new LoadTest(this);
        }
    }
}
