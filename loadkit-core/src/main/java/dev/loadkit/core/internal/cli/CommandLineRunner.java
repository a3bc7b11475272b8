package dev.loadkit.core.internal.cli;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Profile;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.Subcommand;
import dev.loadkit.core.Threshold;
import dev.loadkit.core.report.LiveView;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.ReporterProvider;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import dev.loadkit.core.RunProfile;
import dev.loadkit.core.RunSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the shared command line: parses it, lays it over the config file, picks the scenario, runs it with
 * Ctrl-C handling, and turns every user mistake into one line on standard error and exit code 2.
 */
public final class CommandLineRunner {

    /**
     * A scenario a jar offers.
     *
     * @param name the name on the command line
     * @param description one line for {@code --help}
     * @param test creates the test
     */
    public record Scenario(String name, String description, Supplier<LoadTest> test) {
    }

    /**
     * An option of the jar's own, such as {@code --redis URI}: its value becomes the variable of its name
     * without the dashes ({@code -e redis=URI}).
     *
     * @param name the option, with its dashes
     * @param paramLabel its value's label in {@code --help}
     * @param description one line for {@code --help}
     */
    public record PackOption(String name, String paramLabel, String description) {

        /** The variable the option sets. */
        String variable() {
            return name.replaceFirst("^-+", "");
        }
    }

    private static final DateTimeFormatter TEST_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final String commandName;
    private final Map<String, Scenario> scenarios;
    private final Map<String, RunProfile> profiles = new LinkedHashMap<>();
    private final List<PackOption> packOptions;
    private final PrintStream out;
    private final PrintStream err;
    private final String defaultConfig;

    /**
     * Creates a runner.
     *
     * @param commandName the jar's name, for {@code --help}
     * @param scenarios the scenarios by name, in display order
     * @param out standard output
     * @param err standard error
     */
    public CommandLineRunner(String commandName, Map<String, Scenario> scenarios, PrintStream out, PrintStream err) {
        this(commandName, scenarios, List.of(), List.of(), null, out, err);
    }

    /**
     * Creates a runner with the jar's profiles, options and default config.
     *
     * @param commandName the jar's name, for {@code --help}
     * @param scenarios the scenarios by name, in display order; the first runs when a profile is named instead
     * @param profiles the jar's profiles, in display order
     * @param packOptions the jar's own options
     * @param defaultConfig the YAML of the default config (a pack's environments), or {@code null}
     * @param out standard output
     * @param err standard error
     */
    public CommandLineRunner(String commandName, Map<String, Scenario> scenarios, List<RunProfile> profiles,
                             List<PackOption> packOptions, String defaultConfig, PrintStream out, PrintStream err) {
        this.defaultConfig = defaultConfig;
        this.commandName = commandName;
        this.scenarios = new LinkedHashMap<>(scenarios);
        profiles.forEach(profile -> this.profiles.put(profile.name(), profile));
        this.packOptions = List.copyOf(packOptions);
        this.out = out;
        this.err = err;
    }

    /**
     * Runs a command line.
     *
     * @param args the arguments
     * @return the exit code
     */
    public int execute(String... args) {
        if (args.length > 0 && !scenarios.containsKey(args[0]) && !profiles.containsKey(args[0])) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            switch (args[0]) {
                case "list" -> {
                    return guarded(() -> new ProfileList(commandName, scenarios.values(), profiles, configProfiles(rest)).print(out));
                }
                case "suite" -> {
                    return guarded(() -> new Suite(this, out).run(rest));
                }
                default -> {
                    Map<String, Subcommand> subcommands = subcommands();
                    if (subcommands.containsKey(args[0])) {
                        return subcommands.get(args[0]).run(rest, out, err);
                    }
                }
            }
        }
        return runOnce(args).exitCode();
    }

    /** A run's exit code, and its summary when it ran. */
    record Outcome(int exitCode, RunSummary summary) {
    }

    /**
     * Runs one scenario (or profile) from a command line.
     *
     * @param args the command line, from the scenario's name
     * @return the exit code and the summary, which is null when the command line was refused
     */
    Outcome runOnce(String... args) {
        RunCommand command = new RunCommand();
        CommandLine commandLine = new CommandLine(command)
                .setCommandName(commandName)
                .setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.getCommandSpec().version("loadkit " + version());
        List<ReportOutput> reportOutputs = reportOutputs();
        reportOutputs.forEach(output -> commandLine.getCommandSpec().addOption(reportOption(output)));
        packOptions.forEach(option -> commandLine.getCommandSpec().addOption(OptionSpec.builder(option.name())
                .paramLabel(option.paramLabel()).type(String.class).description(option.description()).build()));
        commandLine.getCommandSpec().usageMessage().footer(scenarioList(subcommands()));
        try {
            ParseResult parsed = commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                return new Outcome(ExitCode.PASSED, null);
            }
            if (commandLine.isVersionHelpRequested()) {
                commandLine.printVersionHelp(out);
                return new Outcome(ExitCode.PASSED, null);
            }
            Map<String, String> given = new LinkedHashMap<>();
            given.putAll(command.outs(reportOutputs));
            reportOutputs.forEach(output -> {
                Object target = parsed.matchedOptionValue("--" + output.name(), null);
                if (target != null) {
                    given.put(output.name(), target.toString());
                }
            });
            RunFlags flags = command.flags(given);
            Map<String, String> packVariables = new LinkedHashMap<>();
            packOptions.forEach(option -> {
                String value = parsed.matchedOptionValue(option.name(), null);
                if (value != null) {
                    packVariables.put(option.variable(), value);
                }
            });
            flags = flags.over(RunFlags.NONE.withVariables(packVariables));
            ConfigFile.Contents config = config(command.config, flags.environment());
            Map<String, RunProfile> allProfiles = new LinkedHashMap<>(profiles);
            allProfiles.putAll(config.profiles());
            // A profile's name in place of a scenario runs the first scenario with that profile.
            boolean profileAsScenario = command.scenario != null && !scenarios.containsKey(command.scenario)
                    && allProfiles.containsKey(command.scenario);
            Scenario scenario = profileAsScenario ? scenarios.values().iterator().next() : scenario(command.scenario, allProfiles);
            String profileName = flags.profile() != null ? flags.profile()
                    : profileAsScenario ? command.scenario : config.flags().profile();
            RunProfile profile = profileName == null ? null : allProfiles.get(profileName);
            if (profileName != null && profile == null) {
                presetNamed(profileName, allProfiles);
            }
            flags = layered(flags, profile, config.flags());
            String testId = testId(command, profileName != null ? profileName : scenario.name());
            if (testId != null) {
                flags = flags.over(RunFlags.NONE.withOutputs(testOutputs(command.outputDir, testId)));
            }
            LoadTest test = scenario.test().get();
            Optional<Profile> preset = profile == null ? Optional.ofNullable(profileName).map(Profile::named) : Optional.empty();
            RunFlags resolved = flags;
            Function<RunFlags, RunOptions.Builder> optionsOf = launched -> {
                checkHost(launched.host());
                return options(test, launched, preset);
            };
            optionsOf.apply(resolved).build();
            List<LiveView> views = liveViews(resolved);
            Supplier<Outcome> run = () -> views.isEmpty() ? run(test, optionsOf.apply(resolved).build())
                    : new LiveRun(views, out).run(test, resolved, optionsOf);
            try {
                return testId == null ? run.get() : runLogged(run, command.outputDir, testId);
            } finally {
                views.forEach(LiveView::close);
            }
        } catch (ParameterException e) {
            err.println("error: " + e.getMessage());
            err.println("Run '" + commandName + " --help' for the options.");
            return new Outcome(ExitCode.USAGE_ERROR, null);
        } catch (ConfigurationException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return new Outcome(ExitCode.USAGE_ERROR, null);
        }
    }

    /**
     * The command line over the profile over the config file. Workload flags go together: {@code --users}
     * on the command line replaces the profile's and the file's workload, and a profile's replaces the file's.
     */
    private static RunFlags layered(RunFlags commandLine, RunProfile profile, RunFlags config) {
        if (profile == null) {
            return commandLine.over(commandLine.setsWorkload() ? config.withoutWorkload() : config);
        }
        RunFlags fromProfile = RunFlags.of(profile);
        RunFlags under = fromProfile.over(config.withoutWorkload());
        return commandLine.over(commandLine.setsWorkload() ? under.withoutWorkload() : under);
    }

    private ConfigFile.Contents config(Path file, String environment) {
        Set<String> outputs = new LinkedHashSet<>();
        reportOutputs().forEach(output -> outputs.add(output.name()));
        if (file != null) {
            return ConfigFile.read(file, outputs, environment);
        }
        if (defaultConfig != null) {
            return ConfigFile.read("the default config of " + commandName, defaultConfig, outputs, environment);
        }
        return new ConfigFile.Contents(RunFlags.NONE, Map.of());
    }

    /** The profiles of the config file a command line names with {@code --config}, else of the default config. */
    Map<String, RunProfile> configProfiles(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[i + 1]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            }
        }
        return config(file, null).profiles();
    }

    /** The jar's profiles, then the config file's. */
    Map<String, RunProfile> profiles(String[] args) {
        Map<String, RunProfile> all = new LinkedHashMap<>(profiles);
        all.putAll(configProfiles(args));
        return all;
    }

    /** Whether a name is a scenario of the jar. */
    boolean isScenario(String name) {
        return scenarios.containsKey(name);
    }

    /**
     * Refuses a host that no driver could reach before any load is sent: it must be an absolute URL with a
     * host (any scheme: each driver takes the schemes it speaks) and, if it has one, a port in range.
     */
    private static void checkHost(String host) {
        if (host == null) {
            return;
        }
        URI uri;
        try {
            uri = new URI(host);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("--host " + host + " is not a URL: " + e.getReason()
                    + "; give one like http://127.0.0.1:8080");
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new ConfigurationException("--host " + host + ": give an absolute URL with a host, like http://127.0.0.1:8080");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw new ConfigurationException("--host " + host + ": the port must be 1 to 65535");
        }
        if (uri.getPort() == -1 && uri.getAuthority() != null && uri.getAuthority().matches(".*:\\d+$")) {
            throw new ConfigurationException("--host " + host + ": the port must be 1 to 65535");
        }
    }

    private static void presetNamed(String name, Map<String, RunProfile> custom) {
        try {
            Profile.named(name);
        } catch (ConfigurationException e) {
            throw custom.isEmpty() ? e : new ConfigurationException("unknown profile '" + name + "': use "
                    + String.join(", ", custom.keySet()) + " ('list' shows them), or a preset: smoke, load, stress, spike, soak or breakpoint");
        }
    }

    /** The run's test id when its reports go to an output directory, else null. */
    private static String testId(RunCommand command, String fallback) {
        if (command.outputDir == null && command.testId == null) {
            return null;
        }
        String id = command.testId != null ? command.testId : fallback + "_" + LocalDateTime.now().format(TEST_ID_TIME);
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ConfigurationException("--test-id " + id + ": use letters, digits, '.', '_' and '-' only");
        }
        return id;
    }

    private static Map<String, String> testOutputs(Path dir, String testId) {
        Path base = dir == null ? Path.of(".") : dir;
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("html", base.resolve(testId + "_report.html").toString());
        outputs.put("json", base.resolve(testId + "_summary.json").toString());
        outputs.put("csv", base.resolve(testId + "_results").toString());
        return outputs;
    }

    /**
     * The live views the flags ask for (the web dashboard), each opened: its server is listening when this
     * returns. Refused with {@code --headless}, which promises nothing interactive.
     */
    private static List<LiveView> liveViews(RunFlags flags) {
        ReportOptions reports = reportOptions(flags);
        List<LiveView> views = new ArrayList<>();
        try {
            for (ReporterProvider provider : ServiceLoader.load(ReporterProvider.class)) {
                provider.liveView(reports).ifPresent(views::add);
            }
        } catch (RuntimeException e) {
            views.forEach(LiveView::close);
            throw e;
        }
        if (!views.isEmpty() && reports.headless()) {
            views.forEach(LiveView::close);
            throw new ConfigurationException("--headless starts nothing interactive: drop it or drop --web");
        }
        return views;
    }

    private static ReportOptions reportOptions(RunFlags flags) {
        return new ReportOptions(flags.outputs(), Boolean.TRUE.equals(flags.quiet()), Boolean.TRUE.equals(flags.headless()));
    }

    /** A reporter's option: a value, a value that may be left out ({@code --web[=PORT]}), or a switch. */
    private static OptionSpec reportOption(ReportOutput output) {
        OptionSpec.Builder option = OptionSpec.builder("--" + output.name()).description(output.description());
        if (output.isFlag()) {
            return option.arity("0").type(boolean.class).build();
        }
        option.paramLabel(output.paramLabel()).type(String.class);
        if (output.valueWhenBare() != null) {
            option.arity("0..1").fallbackValue(output.valueWhenBare());
        }
        return option.build();
    }

    /** Runs with everything it prints also written to {@code ID.log} in the output directory. */
    private Outcome runLogged(Supplier<Outcome> run, Path dir, String testId) {
        Path base = dir == null ? Path.of(".") : dir;
        Path log = base.resolve(testId + ".log");
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new ConfigurationException("--output-dir " + base + ": cannot create it: " + e.getMessage());
        }
        try (RunLog logging = RunLog.open(log)) {
            Outcome outcome = run.get();
            System.out.println("Reports of " + testId + " in " + base.toAbsolutePath().normalize());
            return outcome;
        } catch (IOException e) {
            throw new ConfigurationException("--output-dir " + base + ": cannot write " + log + ": " + e.getMessage());
        }
    }

    private static Outcome run(LoadTest test, RunOptions options) {
        RunSummary summary = test.start(options).await();
        return new Outcome(summary.exitCode(), summary);
    }

    /** Runs a command that may refuse its arguments with one line and exit code 2. */
    private int guarded(java.util.function.IntSupplier command) {
        try {
            return command.getAsInt();
        } catch (ConfigurationException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        }
    }

    private Scenario scenario(String name, Map<String, RunProfile> allProfiles) {
        String choices = String.join(", ", scenarios.keySet())
                + (allProfiles.isEmpty() ? "" : "; or a profile: " + String.join(", ", allProfiles.keySet()));
        if (name == null) {
            if (scenarios.size() == 1) {
                return scenarios.values().iterator().next();
            }
            throw new ConfigurationException("name a scenario to run: " + choices);
        }
        Scenario scenario = scenarios.get(name);
        if (scenario == null) {
            throw new ConfigurationException("unknown scenario '" + name + "': choose one of " + choices);
        }
        return scenario;
    }

    private static RunOptions.Builder options(LoadTest test, RunFlags flags, Optional<Profile> profile) {
        RunOptions.Builder options = RunOptions.builder().stopOnInterruptSignals()
                .workload(WorkloadOverrides.apply(test.workloadFor(profile, Optional.ofNullable(flags.runTime())), flags))
                .reports(reportOptions(flags));
        profile.ifPresent(options::profile);
        if (Boolean.TRUE.equals(flags.verbose())) {
            options.verbose();
        }
        Optional.ofNullable(flags.host()).ifPresent(options::host);
        Optional.ofNullable(flags.warmUp()).ifPresent(options::warmUp);
        Optional.ofNullable(flags.environment()).ifPresent(options::environment);
        Optional.ofNullable(flags.tags()).ifPresent(options::tags);
        Optional.ofNullable(flags.excludedTags()).ifPresent(options::excludedTags);
        flags.variables().forEach(options::variable);
        flags.thresholds().forEach(expression -> options.threshold(Threshold.parse(expression)));
        return options;
    }

    /** The outputs of the reporters on the class path, each once, in the order their providers are found. */
    private static List<ReportOutput> reportOutputs() {
        Map<String, ReportOutput> byName = new LinkedHashMap<>();
        for (ReporterProvider provider : ServiceLoader.load(ReporterProvider.class)) {
            provider.outputs().forEach(output -> byName.putIfAbsent(output.name(), output));
        }
        return List.copyOf(byName.values());
    }

    private String scenarioList(Map<String, Subcommand> subcommands) {
        StringBuilder text = new StringBuilder("%nScenarios:%n");
        scenarios.values().forEach(scenario -> text.append(entry(scenario.name(), scenario.description())));
        if (!profiles.isEmpty()) {
            text.append("%nProfiles (run the first scenario; 'list' shows their load):%n");
            profiles.values().forEach(profile -> text.append(entry(profile.name(), profile.description())));
        }
        text.append("%nCommands:%n");
        text.append(entry("list", "Prints the scenarios and profiles with their load"));
        text.append(entry("suite", "Runs profiles or scenarios in sequence, with one verdict: suite smoke,load [options] or suite all"));
        subcommands.values().forEach(subcommand -> text.append(entry(subcommand.name(), subcommand.description())));
        return text.toString();
    }

    /** One line of the footer's lists, wrapped between words under its description: picocli would cut words. */
    private static String entry(String name, String description) {
        int indent = 17;
        int width = 80 - indent;
        StringBuilder entry = new StringBuilder(String.format("  %-14s ", name));
        int lineLength = 0;
        for (String word : description.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > width) {
                entry.append("%n").append(" ".repeat(indent));
                lineLength = 0;
            } else if (lineLength > 0) {
                entry.append(' ');
                lineLength++;
            }
            entry.append(escapePercent(word));
            lineLength += word.length();
        }
        return entry.append("%n").toString();
    }

    /** Picocli formats the footer with {@code String.format}: a {@code %} of a description must be doubled. */
    private static String escapePercent(String text) {
        return text.replace("%", "%%");
    }

    /** The subcommands on the class path, by name. */
    private static Map<String, Subcommand> subcommands() {
        Map<String, Subcommand> found = new LinkedHashMap<>();
        ServiceLoader.load(Subcommand.class).forEach(subcommand -> found.putIfAbsent(subcommand.name(), subcommand));
        return found;
    }

    private static String version() {
        try (InputStream in = CommandLineRunner.class.getResourceAsStream("/dev/loadkit/core/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
