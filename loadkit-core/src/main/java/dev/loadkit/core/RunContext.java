package dev.loadkit.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run knows about where and how it runs: the target host, the environment and the {@code -e}
 * variables of the command line or the config file. Tasks and drivers read it through
 * {@link Session#run()}.
 */
public final class RunContext {

    private final String testName;
    private final String host;
    private final String environment;
    private final Map<String, String> variables;

    /**
     * Creates a context.
     *
     * @param testName the test's name
     * @param host the target's base URL, or {@code null} when none was given
     * @param environment the environment's name, or {@code null}
     * @param variables the {@code -e KEY=VALUE} variables
     */
    public RunContext(String testName, String host, String environment, Map<String, String> variables) {
        this.testName = Objects.requireNonNull(testName, "testName");
        this.host = host;
        this.environment = environment;
        this.variables = Map.copyOf(variables);
    }

    /**
     * The test's name.
     *
     * @return the name
     */
    public String testName() {
        return testName;
    }

    /**
     * The target's base URL, from {@code --host}, the config file or the environment.
     *
     * @return the host, if one was given
     */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /**
     * The environment's name, from {@code --environment}.
     *
     * @return the name, if one was given
     */
    public Optional<String> environment() {
        return Optional.ofNullable(environment);
    }

    /**
     * A variable given with {@code -e KEY=VALUE} or in the config file.
     *
     * @param key the variable's name
     * @return its value, if given
     */
    public Optional<String> variable(String key) {
        return Optional.ofNullable(variables.get(key));
    }

    /**
     * Every variable.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> variables() {
        return variables;
    }

    /**
     * This context with another host, as a set-up that started a target gives it.
     *
     * @param newHost the target's base URL
     * @return a new context
     */
    public RunContext withHost(String newHost) {
        return new RunContext(testName, newHost, environment, variables);
    }

    /**
     * This context with one more variable, or another value for one, as a set-up that started a server
     * gives its address to a driver that reads a variable (such as {@code Redis.Builder.uriVariable}).
     *
     * @param key the variable's name
     * @param value its value
     * @return a new context
     */
    public RunContext withVariable(String key, String value) {
        Map<String, String> changed = new LinkedHashMap<>(variables);
        changed.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new RunContext(testName, host, environment, changed);
    }
}
