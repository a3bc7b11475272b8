package dev.loadkit.core;

import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.Reporter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to run a test this time: what the command line or a config file says, or what code running a test
 * from JUnit chooses. Everything is optional; the test's own settings apply where nothing is said.
 * Immutable; built with {@link #builder()}.
 */
public final class RunOptions {

    private final Profile profile;
    private final Workload workload;
    private final String host;
    private final String environment;
    private final Map<String, String> variables;
    private final Set<String> tags;
    private final Set<String> excludedTags;
    private final List<Threshold> thresholds;
    private final ReportOptions reports;
    private final List<Reporter> reporters;
    private final Duration warmUp;
    private final boolean stopOnInterruptSignals;
    private final boolean verbose;

    private RunOptions(Builder builder) {
        this.profile = builder.profile;
        this.workload = builder.workload;
        this.host = builder.host;
        this.environment = builder.environment;
        this.variables = Map.copyOf(builder.variables);
        this.tags = Set.copyOf(builder.tags);
        this.excludedTags = Set.copyOf(builder.excludedTags);
        this.thresholds = List.copyOf(builder.thresholds);
        this.reports = builder.reports;
        this.reporters = List.copyOf(builder.reporters);
        this.warmUp = builder.warmUp;
        this.stopOnInterruptSignals = builder.stopOnInterruptSignals;
        this.verbose = builder.verbose;
    }

    /**
     * A builder with nothing set.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * No options: the test runs as it describes itself.
     *
     * @return the options
     */
    public static RunOptions defaults() {
        return builder().build();
    }

    /**
     * The profile whose workload replaces the test's default workload.
     *
     * @return the profile, if chosen
     */
    public Optional<Profile> profile() {
        return Optional.ofNullable(profile);
    }

    /**
     * A workload that replaces both the test's and the profile's.
     *
     * @return the workload, if given
     */
    public Optional<Workload> workload() {
        return Optional.ofNullable(workload);
    }

    /**
     * The target's base URL.
     *
     * @return the host, if given
     */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /**
     * The environment's name.
     *
     * @return the name, if given
     */
    public Optional<String> environment() {
        return Optional.ofNullable(environment);
    }

    /**
     * The {@code -e KEY=VALUE} variables.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> variables() {
        return variables;
    }

    /**
     * Only tasks with one of these tags run; empty for all tasks.
     *
     * @return the tags
     */
    public Set<String> tags() {
        return tags;
    }

    /**
     * Tasks with one of these tags do not run.
     *
     * @return the tags
     */
    public Set<String> excludedTags() {
        return excludedTags;
    }

    /**
     * Thresholds in addition to the test's own.
     *
     * @return the thresholds
     */
    public List<Threshold> thresholds() {
        return thresholds;
    }

    /**
     * The reports to write and the console's mode.
     *
     * @return the report options
     */
    public ReportOptions reports() {
        return reports;
    }

    /**
     * Reporters given directly, beside those of the providers on the class path: a reporter bound to the
     * application's own Micrometer registry, say.
     *
     * @return the reporters
     */
    public List<Reporter> reporters() {
        return reporters;
    }

    /**
     * The unmeasured warm-up before the measured run, overriding the test's ({@code --warm-up}).
     *
     * @return the warm-up, if given
     */
    public Optional<Duration> warmUp() {
        return Optional.ofNullable(warmUp);
    }

    /**
     * Whether the run handles Ctrl-C (SIGINT) and SIGTERM, as the shared command line does.
     *
     * @return true when it does
     */
    public boolean stopOnInterruptSignals() {
        return stopOnInterruptSignals;
    }

    /**
     * Whether the first error of each kind is shown as it happens (the console prints it, with its stack trace
     * when an exception raised it). Every error is counted in the reports either way.
     *
     * @return true for {@code --verbose}
     */
    public boolean verbose() {
        return verbose;
    }

    /**
     * These options with another host.
     *
     * @param newHost the host
     * @return new options
     */
    public RunOptions withHost(String newHost) {
        return copy().host(newHost).build();
    }

    /**
     * These options with what a test's set-up gave the run: its host, if any, and its variables (a set-up
     * that started a server may add the server's address as a variable).
     *
     * @param context the context the set-up returned
     * @return new options
     */
    public RunOptions withContext(RunContext context) {
        Builder builder = copy();
        context.host().ifPresent(builder::host);
        builder.variables.putAll(context.variables());
        return builder.build();
    }

    private Builder copy() {
        Builder builder = builder().reports(reports).tags(tags).excludedTags(excludedTags);
        builder.host = host;
        builder.profile = profile;
        builder.workload = workload;
        builder.environment = environment;
        builder.variables.putAll(variables);
        builder.thresholds.addAll(thresholds);
        builder.reporters.addAll(reporters);
        builder.warmUp = warmUp;
        builder.stopOnInterruptSignals = stopOnInterruptSignals;
        builder.verbose = verbose;
        return builder;
    }

    /** Builds {@link RunOptions}. */
    public static final class Builder {

        private Profile profile;
        private Workload workload;
        private String host;
        private String environment;
        private final Map<String, String> variables = new LinkedHashMap<>();
        private Set<String> tags = Set.of();
        private Set<String> excludedTags = Set.of();
        private final List<Threshold> thresholds = new ArrayList<>();
        private ReportOptions reports = ReportOptions.none();
        private final List<Reporter> reporters = new ArrayList<>();
        private Duration warmUp;
        private boolean stopOnInterruptSignals;
        private boolean verbose;

        private Builder() {
        }

        /**
         * Runs the workload of a profile.
         *
         * @param newProfile the profile
         * @return this builder
         */
        public Builder profile(Profile newProfile) {
            this.profile = newProfile;
            return this;
        }

        /**
         * Runs this workload instead of the test's or the profile's.
         *
         * @param newWorkload the workload
         * @return this builder
         */
        public Builder workload(Workload newWorkload) {
            this.workload = newWorkload;
            return this;
        }

        /**
         * The target's base URL.
         *
         * @param newHost the host
         * @return this builder
         */
        public Builder host(String newHost) {
            this.host = newHost;
            return this;
        }

        /**
         * The environment's name.
         *
         * @param newEnvironment the name
         * @return this builder
         */
        public Builder environment(String newEnvironment) {
            this.environment = newEnvironment;
            return this;
        }

        /**
         * Adds a variable.
         *
         * @param key the name
         * @param value the value
         * @return this builder
         */
        public Builder variable(String key, String value) {
            variables.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Runs only tasks with one of these tags.
         *
         * @param newTags the tags
         * @return this builder
         */
        public Builder tags(Set<String> newTags) {
            this.tags = Set.copyOf(newTags);
            return this;
        }

        /**
         * Skips tasks with one of these tags.
         *
         * @param newTags the tags
         * @return this builder
         */
        public Builder excludedTags(Set<String> newTags) {
            this.excludedTags = Set.copyOf(newTags);
            return this;
        }

        /**
         * Adds a threshold.
         *
         * @param threshold the threshold
         * @return this builder
         */
        public Builder threshold(Threshold threshold) {
            thresholds.add(Objects.requireNonNull(threshold, "threshold"));
            return this;
        }

        /**
         * The reports to write.
         *
         * @param newReports the report options
         * @return this builder
         */
        public Builder reports(ReportOptions newReports) {
            this.reports = Objects.requireNonNull(newReports, "reports");
            return this;
        }

        /**
         * Adds a reporter of the caller's own.
         *
         * @param reporter the reporter
         * @return this builder
         */
        public Builder reporter(Reporter reporter) {
            reporters.add(Objects.requireNonNull(reporter, "reporter"));
            return this;
        }

        /**
         * Runs the workload for this long first, unmeasured, overriding the test's warm-up.
         *
         * @param period the warm-up; zero for none
         * @return this builder
         */
        public Builder warmUp(Duration period) {
            Objects.requireNonNull(period, "warm-up");
            if (period.isNegative()) {
                throw new IllegalArgumentException("warm-up must not be negative, got " + period);
            }
            this.warmUp = period;
            return this;
        }

        /**
         * Handles Ctrl-C (SIGINT) and SIGTERM from before the run starts until it ends: the first stops
         * gracefully (reports are written), the second at once (reports are still written), a third ends
         * the process. The shared command line sets it.
         *
         * @return this builder
         */
        public Builder stopOnInterruptSignals() {
            this.stopOnInterruptSignals = true;
            return this;
        }

        /**
         * Shows the first error of each kind as it happens: the reporters get it, and the console prints the name,
         * the detail and the exception's stack trace; {@code --verbose} sets it.
         *
         * @return this builder
         */
        public Builder verbose() {
            this.verbose = true;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public RunOptions build() {
            return new RunOptions(this);
        }
    }
}
