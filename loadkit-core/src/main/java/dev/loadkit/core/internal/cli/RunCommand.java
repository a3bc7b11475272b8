package dev.loadkit.core.internal.cli;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.internal.parse.DurationSyntax;
import dev.loadkit.core.internal.parse.StageSyntax;
import dev.loadkit.core.report.ReportOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The shared command line of every runnable jar, as picocli reads it. */
@Command(sortOptions = false, usageHelpAutoWidth = true, showDefaultValues = false,
        description = "Runs a load test and exits 0 when every threshold passes, 1 when one fails, "
                + "2 for a usage or configuration error, 3 when aborted (Ctrl-C).")
final class RunCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "The scenario to run.")
    String scenario;

    @Option(names = {"--users", "-u", "--vus"}, paramLabel = "N",
            description = "Virtual users (with --rate: the most users in flight). Also -u (Locust) and --vus (k6).")
    Integer users;

    @Option(names = {"--spawn-rate", "-r"}, paramLabel = "R", description = "Users started per second, up to --users. Also -r (Locust).")
    Double spawnRate;

    @Option(names = {"--run-time", "-t", "--duration"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to run, like 30s, 5m or 1h30m. Also -t (Locust) and --duration (k6).")
    Duration runTime;

    @Option(names = "--warm-up", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Run the workload this long first, unmeasured, so that a cold generator (class loading, "
                    + "JIT, first connections) is not blamed on the target.")
    Duration warmUp;

    @Option(names = "--stage", paramLabel = "STAGES", description = "Users over time, like 30s:20,1m:200,30s:0.")
    String stages;

    @Option(names = "--rate", paramLabel = "R", description = "An open workload: iterations started per second.")
    Double rate;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "A profile of the jar or the config file ('list' shows them), or a workload preset: "
                    + "smoke, load, stress, spike, soak or breakpoint.")
    String profile;

    @Option(names = "--environment", paramLabel = "NAME", description = "An environment of the config file.")
    String environment;

    @Option(names = "--host", paramLabel = "URL", description = "The target's base URL.")
    String host;

    @Option(names = "--tags", paramLabel = "TAGS", split = ",", description = "Run only tasks with one of these tags.")
    Set<String> tags;

    @Option(names = "--exclude-tags", paramLabel = "TAGS", split = ",", description = "Skip tasks with one of these tags.")
    Set<String> excludedTags;

    @Option(names = "-e", paramLabel = "KEY=VALUE", description = "A variable for the scenario; repeatable.")
    List<String> variables = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "EXPR",
            description = "A threshold in k6 syntax, like 'http_req_duration: p(95)<500'; repeatable.")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file of these options; flags override it.")
    Path config;

    @Option(names = "--out", paramLabel = "NAME=TARGET",
            description = "A report or live output in k6's spelling, like --out json=summary.json or "
                    + "--out influxdb=http://127.0.0.1:8086; the same as --NAME TARGET. Repeatable.")
    List<String> outs = new ArrayList<>();

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Write every report of the run here, named by its test id: ID_report.html, "
                    + "ID_summary.json, ID_results_stats.csv, ID_results_failures.csv and ID.log.")
    Path outputDir;

    @Option(names = "--test-id", paramLabel = "ID",
            description = "The run's name in --output-dir (default: the profile or scenario and the time).")
    String testId;

    @Option(names = "--headless", description = "Start nothing interactive (no web dashboard).")
    Boolean headless;

    @Option(names = "--quiet", description = "Print only errors and the verdict.")
    Boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Print the first error of each kind as it happens, with its "
            + "stack trace (every error is counted in the reports either way).")
    Boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Show the version and exit.")
    boolean version;

    /** The flags as given, with the report outputs that the reporters on the class path offer. */
    RunFlags flags(Map<String, String> reportOutputs) {
        if (users != null && users < 1) {
            throw new ConfigurationException("--users must be at least 1, got " + users);
        }
        checkPositive("--spawn-rate", spawnRate);
        if (runTime != null && (runTime.isZero() || runTime.isNegative())) {
            throw new ConfigurationException("--run-time must be positive, got " + DurationSyntax.format(runTime));
        }
        checkPositive("--rate", rate);
        Map<String, String> outputs = new LinkedHashMap<>(reportOutputs);
        return new RunFlags(users, spawnRate, runTime, stages == null ? null : StageSyntax.parse(stages), rate, profile, environment, host, names(tags),
                names(excludedTags), variables(), thresholds, outputs, headless, quiet, verbose, warmUp);
    }

    /**
     * The {@code --out NAME=TARGET} outputs, each the name of an output of the reporters on the class path.
     *
     * @param known the outputs that the reporters offer
     * @return the targets by output name
     */
    Map<String, String> outs(List<ReportOutput> known) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String out : outs) {
            int equals = out.indexOf('=');
            String name = equals < 0 ? out : out.substring(0, equals);
            ReportOutput output = known.stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigurationException("--out " + out + ": unknown output '" + name
                            + "'; use one of " + String.join(", ", known.stream().map(ReportOutput::name).toList())));
            String value = equals < 0 ? output.valueWhenBare() : out.substring(equals + 1);
            if (value == null || value.isBlank()) {
                throw new ConfigurationException("--out " + out + ": give a target, like --out " + name + "="
                        + output.paramLabel());
            }
            parsed.put(name, value);
        }
        return parsed;
    }

    /** The {@code -e KEY=VALUE} variables, each checked: a name, an equals sign, any value. */
    private Map<String, String> variables() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String variable : variables) {
            int equals = variable.indexOf('=');
            if (equals < 0) {
                throw new ConfigurationException("-e " + variable + ": use KEY=VALUE, like -e TOKEN=abc");
            }
            if (equals == 0 || variable.substring(0, equals).isBlank()) {
                throw new ConfigurationException("-e " + variable + ": the variable needs a name before '=', like -e TOKEN=abc");
            }
            parsed.put(variable.substring(0, equals).trim(), variable.substring(equals + 1));
        }
        return parsed;
    }

    private static void checkPositive(String option, Double value) {
        if (value != null && (!Double.isFinite(value) || value <= 0)) {
            String shown = Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                    : String.valueOf(value);
            throw new ConfigurationException(option + " must be a positive number, got " + shown);
        }
    }

    private static Set<String> names(Set<String> given) {
        if (given == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        given.stream().map(String::trim).filter(name -> !name.isEmpty()).forEach(names::add);
        return names;
    }

    /** Reads a duration in the command line's syntax. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationSyntax.parse(value);
            } catch (ConfigurationException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
