package dev.loadkit.core;

import dev.loadkit.core.internal.cli.CommandLineRunner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code main} of a jar that offers several scenarios on the shared command line
 * ({@code java -jar pack.jar SCENARIO [--users N] [--run-time 5m] ...}):
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     ScenarioLauncher.builder("shop-scenarios")
 *             .scenario("browse", "Users browsing the catalogue", Scenarios::browse)
 *             .scenario("checkout", "Users buying", Scenarios::checkout)
 *             .build()
 *             .run(args);
 * }
 * }</pre>
 *
 * A scenario's test is created only when it is chosen. Besides the scenarios, every launcher has {@code list}
 * (the scenarios and profiles as tables) and {@code suite} (several in sequence with one verdict).
 */
public final class ScenarioLauncher {

    private final CommandLineRunner runner;

    private ScenarioLauncher(Builder builder) {
        this.runner = new CommandLineRunner(builder.commandName, builder.scenarios, builder.profiles, builder.options,
                builder.defaultConfig, System.out, System.err);
    }

    /**
     * Starts describing a launcher.
     *
     * @param commandName the jar's name, shown by {@code --help}
     * @return a builder
     */
    public static Builder builder(String commandName) {
        return new Builder(commandName);
    }

    /**
     * Runs a command line and returns its exit code, without exiting.
     *
     * @param args the arguments
     * @return 0, 1, 2 or 3, see {@link ExitCode}
     */
    public int execute(String... args) {
        return runner.execute(args);
    }

    /**
     * Runs a command line and exits the JVM with its exit code.
     *
     * @param args the arguments
     */
    public void run(String... args) {
        System.exit(execute(args));
    }

    /** Builds a {@link ScenarioLauncher}. */
    public static final class Builder {

        private final String commandName;
        private final Map<String, CommandLineRunner.Scenario> scenarios = new LinkedHashMap<>();
        private final List<RunProfile> profiles = new ArrayList<>();
        private final List<CommandLineRunner.PackOption> options = new ArrayList<>();
        private String defaultConfig;

        private Builder(String commandName) {
            this.commandName = Objects.requireNonNull(commandName, "commandName");
        }

        /**
         * Adds a scenario.
         *
         * @param name its name on the command line
         * @param description one line for {@code --help}
         * @param test creates the test when the scenario is chosen
         * @return this builder
         */
        public Builder scenario(String name, String description, Supplier<LoadTest> test) {
            if (scenarios.putIfAbsent(name, new CommandLineRunner.Scenario(name, description, test)) != null) {
                throw new IllegalArgumentException("scenario " + name + " is added twice");
            }
            return this;
        }

        /**
         * Adds a profile: {@code --profile NAME} runs any scenario with its load, host and thresholds, and its
         * name in place of a scenario's runs the first scenario with it.
         *
         * @param profile the profile
         * @return this builder
         */
        public Builder profile(RunProfile profile) {
            Objects.requireNonNull(profile, "profile");
            if (profiles.stream().anyMatch(existing -> existing.name().equals(profile.name()))) {
                throw new IllegalArgumentException("profile " + profile.name() + " is added twice");
            }
            profiles.add(profile);
            return this;
        }

        /**
         * Adds an option of the jar's own, such as {@code --redis URI}; its value becomes the scenario's variable
         * of the option's name without dashes, as {@code -e redis=URI} would.
         *
         * @param name the option, like {@code --redis}
         * @param paramLabel its value's label in {@code --help}, like {@code URI}
         * @param description one line for {@code --help}
         * @return this builder
         */
        public Builder option(String name, String paramLabel, String description) {
            if (!name.matches("--[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("an option is named like --redis, got " + name);
            }
            options.add(new CommandLineRunner.PackOption(name, paramLabel, description));
            return this;
        }

        /**
         * A config file used when the command line names none, such as a pack's environments
         * ({@code --environment staging}); its keys are those of {@code --config}.
         *
         * @param yaml the config's text
         * @return this builder
         */
        public Builder defaultConfig(String yaml) {
            this.defaultConfig = Objects.requireNonNull(yaml, "yaml");
            return this;
        }

        /**
         * Builds the launcher.
         *
         * @return the launcher
         */
        public ScenarioLauncher build() {
            if (scenarios.isEmpty()) {
                throw new IllegalArgumentException("a launcher needs at least one scenario");
            }
            profiles.stream().filter(profile -> scenarios.containsKey(profile.name())).findFirst().ifPresent(profile -> {
                throw new IllegalArgumentException("profile " + profile.name() + " has the name of a scenario");
            });
            return new ScenarioLauncher(this);
        }
    }
}
