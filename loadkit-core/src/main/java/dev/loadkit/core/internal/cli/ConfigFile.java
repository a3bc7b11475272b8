package dev.loadkit.core.internal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.RunProfile;
import dev.loadkit.core.Stage;
import dev.loadkit.core.internal.parse.DurationSyntax;
import dev.loadkit.core.internal.parse.StageSyntax;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a YAML config file whose keys are the command line's long option names:
 *
 * <pre>
 * users: 100
 * spawn-rate: 10
 * run-time: 5m
 * host: http://127.0.0.1:8080
 * env: {TOKEN: abc}
 * thresholds: ["http_req_duration: p(95)&lt;500"]
 * json: results.json
 * environments:
 *   staging: {host: https://staging.example.com, env: {TENANT: qa}, thresholds: ["http_req_failed: rate&lt;0.01"]}
 * profiles:
 *   nightly: {description: Nightly regression, users: 50, spawn-rate: 5, run-time: 20m, thresholds: [...]}
 * </pre>
 *
 * Every mistake is reported as one line that names the file, the key and what is expected.
 */
final class ConfigFile {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> RUN_KEYS = Set.of("users", "spawn-rate", "run-time", "stage", "rate", "profile",
            "environment", "host", "tags", "exclude-tags", "env", "thresholds", "headless", "quiet", "verbose", "warm-up");
    private static final Set<String> ENVIRONMENT_KEYS = Set.of("host", "env", "thresholds");
    private static final Set<String> PROFILE_KEYS = Set.of("description", "users", "spawn-rate", "run-time", "host", "thresholds");

    /**
     * What a config file holds.
     *
     * @param flags its run settings, with the chosen environment's laid over them
     * @param profiles its profiles, by name, in the file's order
     */
    record Contents(RunFlags flags, Map<String, RunProfile> profiles) {
    }

    private final String fileName;
    private final Set<String> outputNames;

    private ConfigFile(String fileName, Set<String> outputNames) {
        this.fileName = fileName;
        this.outputNames = outputNames;
    }

    /**
     * Reads a config file and picks its environment.
     *
     * @param file the file
     * @param outputNames the report outputs that may appear as keys, such as {@code json}
     * @param environment the environment asked for on the command line, or {@code null}
     * @return the file's settings, with the environment's laid over them, and its profiles
     * @throws ConfigurationException when the file cannot be read or holds a mistake
     */
    static Contents read(Path file, Set<String> outputNames, String environment) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigurationException("cannot read config file " + file + ": " + e.getMessage());
        }
        return read(file.toString(), text, outputNames, environment);
    }

    /**
     * Reads a config file's text, such as a scenario pack's bundled default.
     *
     * @param name the file's name, for messages
     * @param text its YAML
     * @param outputNames the report outputs that may appear as keys
     * @param environment the environment asked for on the command line, or {@code null}
     * @return the settings and profiles
     */
    static Contents read(String name, String text, Set<String> outputNames, String environment) {
        ConfigFile config = new ConfigFile(name, outputNames);
        Map<?, ?> root = config.load(text);
        return new Contents(config.parse(root, environment), config.profiles(root));
    }

    private Map<?, ?> load(String text) {
        try {
            Object tree = YAML.readValue(text, Object.class);
            if (tree == null) {
                return Map.of();
            }
            if (!(tree instanceof Map<?, ?> map)) {
                throw new ConfigurationException("config file " + fileName + " must hold a mapping of option names to values");
            }
            return map;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigurationException("config file " + fileName + " is not valid YAML" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    private RunFlags parse(Map<?, ?> root, String environment) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Object key : root.keySet()) {
            String name = String.valueOf(key);
            if (outputNames.contains(name)) {
                outputs.put(name, text(root, name));
            } else if (!RUN_KEYS.contains(name) && !name.equals("environments") && !name.equals("profiles")) {
                Set<String> known = new TreeSet<>(RUN_KEYS);
                known.addAll(outputNames);
                known.add("environments");
                known.add("profiles");
                throw new ConfigurationException("config file " + fileName + ": unknown key '" + name + "'; known keys: "
                        + String.join(", ", known));
            }
        }
        RunFlags flags = new RunFlags(integer(root, "users"), decimal(root, "spawn-rate"), duration(root, "run-time"),
                stages(root), decimal(root, "rate"), text(root, "profile"), text(root, "environment"), text(root, "host"),
                names(root, "tags"), names(root, "exclude-tags"), variables(root, "env"), thresholds(root), outputs,
                bool(root, "headless"), bool(root, "quiet"), bool(root, "verbose"),
                duration(root, "warm-up"));
        String chosen = environment != null ? environment : flags.environment();
        return chosen == null ? flags : environment(root, chosen).over(flags);
    }

    private RunFlags environment(Map<?, ?> root, String name) {
        Object environments = root.get("environments");
        if (environments == null) {
            return RunFlags.NONE;
        }
        if (!(environments instanceof Map<?, ?> byName)) {
            throw mistake("environments", "a mapping of environment names to settings");
        }
        Object settings = byName.get(name);
        if (settings == null) {
            throw new ConfigurationException("config file " + fileName + " has no environment '" + name
                    + "'; it has: " + String.join(", ", byName.keySet().stream().map(String::valueOf).toList()));
        }
        if (!(settings instanceof Map<?, ?> map)) {
            throw mistake("environments." + name, "a mapping with host and env");
        }
        for (Object key : map.keySet()) {
            if (!ENVIRONMENT_KEYS.contains(String.valueOf(key))) {
                throw new ConfigurationException("config file " + fileName + ": unknown key 'environments." + name + "."
                        + key + "'; an environment has host, env and thresholds");
            }
        }
        return new RunFlags(null, null, null, null, null, null, name, text(map, "host"), null, null,
                variables(map, "env"), thresholds(map), Map.of(), null, null, null, null);
    }

    private Map<String, RunProfile> profiles(Map<?, ?> root) {
        Object profiles = root.get("profiles");
        if (profiles == null) {
            return Map.of();
        }
        if (!(profiles instanceof Map<?, ?> byName)) {
            throw mistake("profiles", "a mapping of profile names to settings");
        }
        Map<String, RunProfile> read = new LinkedHashMap<>();
        byName.forEach((key, value) -> {
            String name = String.valueOf(key);
            String where = "profiles." + name;
            if (!(value instanceof Map<?, ?> map)) {
                throw mistake(where, "a mapping with " + String.join(", ", new TreeSet<>(PROFILE_KEYS)));
            }
            for (Object field : map.keySet()) {
                if (!PROFILE_KEYS.contains(String.valueOf(field))) {
                    throw new ConfigurationException("config file " + fileName + ": unknown key '" + where + "." + field
                            + "'; a profile has " + String.join(", ", new TreeSet<>(PROFILE_KEYS)));
                }
            }
            Integer users = integer(map, "users");
            Double spawnRate = decimal(map, "spawn-rate");
            Duration runTime = duration(map, "run-time");
            if (users == null || spawnRate == null || runTime == null) {
                throw mistake(where, "a mapping with at least users, spawn-rate and run-time");
            }
            try {
                RunProfile profile = RunProfile.of(name, text(map, "description"), users, spawnRate, runTime)
                        .withThresholds(thresholds(map).toArray(String[]::new));
                String host = text(map, "host");
                read.put(name, host == null ? profile : profile.withHost(host));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("config file " + fileName + ": " + e.getMessage());
            }
        });
        return read;
    }

    private ConfigurationException mistake(String key, String expected) {
        return new ConfigurationException("config file " + fileName + ": '" + key + "' must be " + expected);
    }

    private String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw mistake(key, "a single value");
        }
        return String.valueOf(value);
    }

    private Integer integer(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer number && number > 0) {
            return number;
        }
        throw mistake(key, "a whole number of at least 1");
    }

    private Double decimal(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && number.doubleValue() > 0) {
            return number.doubleValue();
        }
        throw mistake(key, "a positive number");
    }

    private Boolean bool(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw mistake(key, "true or false");
    }

    private Duration duration(Map<?, ?> map, String key) {
        String value = text(map, key);
        return value == null ? null : DurationSyntax.parse(value);
    }

    private List<Stage> stages(Map<?, ?> map) {
        Object value = map.get("stage");
        if (value == null) {
            return null;
        }
        String list = value instanceof List<?> items ? String.join(",", items.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        return StageSyntax.parse(list);
    }

    private Set<String> names(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        List<String> items = value instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(value).split(","));
        Set<String> names = new LinkedHashSet<>();
        items.stream().map(String::trim).filter(item -> !item.isEmpty()).forEach(names::add);
        return names;
    }

    private Map<String, String> variables(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> entries)) {
            throw mistake(key, "a mapping of variable names to values");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        entries.forEach((name, text) -> variables.put(String.valueOf(name), String.valueOf(text)));
        return variables;
    }

    private List<String> thresholds(Map<?, ?> map) {
        Object value = map.get("thresholds");
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<String> thresholds = new ArrayList<>();
            list.forEach(item -> thresholds.add(String.valueOf(item)));
            return thresholds;
        }
        return List.of(String.valueOf(value));
    }
}
