package dev.loadkit.core.internal.cli;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.Profile;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.Subcommand;
import dev.loadkit.core.Threshold;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.report.ReporterProvider;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
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

    private static final Set<String> CORE_OUTPUTS = Set.of("json", "html", "csv");

    private final String commandName;
    private final Map<String, Scenario> scenarios;
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
        this(commandName, scenarios, null, out, err);
    }

    /**
     * Creates a runner with a default config, read when no {@code --config} is given.
     *
     * @param commandName the jar's name, for {@code --help}
     * @param scenarios the scenarios by name, in display order
     * @param defaultConfig the YAML of the default config (a pack's environments), or {@code null}
     * @param out standard output
     * @param err standard error
     */
    public CommandLineRunner(String commandName, Map<String, Scenario> scenarios, String defaultConfig, PrintStream out,
                             PrintStream err) {
        this.defaultConfig = defaultConfig;
        this.commandName = commandName;
        this.scenarios = new LinkedHashMap<>(scenarios);
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
        Map<String, Subcommand> subcommands = subcommands();
        if (args.length > 0 && subcommands.containsKey(args[0]) && !scenarios.containsKey(args[0])) {
            return subcommands.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        RunCommand command = new RunCommand();
        CommandLine commandLine = new CommandLine(command)
                .setCommandName(commandName)
                .setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.getCommandSpec().version("loadkit " + version());
        Set<String> otherOutputs = otherOutputs();
        otherOutputs.forEach(name -> commandLine.getCommandSpec().addOption(OptionSpec.builder("--" + name)
                .paramLabel("TARGET").type(String.class).description("Write the " + name + " report.").build()));
        commandLine.getCommandSpec().usageMessage().footer(scenarioList(subcommands));
        try {
            ParseResult parsed = commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out);
                return ExitCode.PASSED;
            }
            if (commandLine.isVersionHelpRequested()) {
                commandLine.printVersionHelp(out);
                return ExitCode.PASSED;
            }
            Map<String, String> given = new LinkedHashMap<>();
            otherOutputs.forEach(name -> {
                String target = parsed.matchedOptionValue("--" + name, null);
                if (target != null) {
                    given.put(name, target);
                }
            });
            Scenario scenario = scenario(command.scenario);
            RunFlags flags = command.flags(given);
            if (command.config != null || defaultConfig != null) {
                Set<String> outputs = new LinkedHashSet<>(CORE_OUTPUTS);
                outputs.addAll(otherOutputs);
                RunFlags config = command.config != null ? ConfigFile.read(command.config, outputs, flags.environment())
                        : ConfigFile.read("the default config of " + commandName, defaultConfig, outputs, flags.environment());
                // The workload flags go together: --rate on the command line replaces the file's users.
                flags = flags.over(flags.setsWorkload() ? config.withoutWorkload() : config);
            }
            LoadTest test = scenario.test().get();
            return run(test, options(test, flags));
        } catch (ParameterException e) {
            err.println("error: " + e.getMessage());
            err.println("Run '" + commandName + " --help' for the options.");
            return ExitCode.USAGE_ERROR;
        } catch (ConfigurationException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.USAGE_ERROR;
        }
    }

    private static int run(LoadTest test, RunOptions options) {
        return test.start(options).await().exitCode();
    }

    private Scenario scenario(String name) {
        if (name == null) {
            if (scenarios.size() == 1) {
                return scenarios.values().iterator().next();
            }
            throw new ConfigurationException("name a scenario to run: " + String.join(", ", scenarios.keySet()));
        }
        Scenario scenario = scenarios.get(name);
        if (scenario == null) {
            throw new ConfigurationException("unknown scenario '" + name + "': choose one of "
                    + String.join(", ", scenarios.keySet()));
        }
        return scenario;
    }

    private static RunOptions options(LoadTest test, RunFlags flags) {
        Optional<Profile> profile = Optional.ofNullable(flags.profile()).map(Profile::named);
        RunOptions.Builder options = RunOptions.builder().stopOnInterruptSignals()
                .workload(WorkloadOverrides.apply(test.workloadFor(profile, Optional.ofNullable(flags.runTime())), flags))
                .reports(new ReportOptions(flags.outputs(), Boolean.TRUE.equals(flags.quiet()),
                        Boolean.TRUE.equals(flags.headless())));
        profile.ifPresent(options::profile);
        Optional.ofNullable(flags.host()).ifPresent(options::host);
        Optional.ofNullable(flags.warmUp()).ifPresent(options::warmUp);
        Optional.ofNullable(flags.environment()).ifPresent(options::environment);
        Optional.ofNullable(flags.tags()).ifPresent(options::tags);
        Optional.ofNullable(flags.excludedTags()).ifPresent(options::excludedTags);
        flags.variables().forEach(options::variable);
        flags.thresholds().forEach(expression -> options.threshold(Threshold.parse(expression)));
        return options.build();
    }

    /** The outputs of reporters on the class path beyond the core's json, html and csv. */
    private static Set<String> otherOutputs() {
        Set<String> names = new LinkedHashSet<>();
        for (ReporterProvider provider : ServiceLoader.load(ReporterProvider.class)) {
            provider.outputs().stream().filter(name -> !CORE_OUTPUTS.contains(name)).forEach(names::add);
        }
        return names;
    }

    private String scenarioList(Map<String, Subcommand> subcommands) {
        StringBuilder text = new StringBuilder("%nScenarios:%n");
        scenarios.values().forEach(scenario -> text.append(String.format("  %-14s %s%%n", scenario.name(),
                escapePercent(scenario.description()))));
        if (!subcommands.isEmpty()) {
            text.append("%nCommands:%n");
            subcommands.values().forEach(subcommand -> text.append(String.format("  %-14s %s%%n", subcommand.name(),
                    escapePercent(subcommand.description()))));
        }
        return text.toString();
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
