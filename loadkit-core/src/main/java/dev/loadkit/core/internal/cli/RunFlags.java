package dev.loadkit.core.internal.cli;

import dev.loadkit.core.RunProfile;
import dev.loadkit.core.Stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings a run can take from the command line or a config file, each {@code null} (or empty) when
 * not given, so that the command line can be laid over the config file, field by field.
 *
 * @param users {@code --users}
 * @param spawnRate {@code --spawn-rate}
 * @param runTime {@code --run-time}
 * @param stages {@code --stage}
 * @param rate {@code --rate}
 * @param profile {@code --profile}
 * @param environment {@code --environment}
 * @param host {@code --host}
 * @param tags {@code --tags}
 * @param excludedTags {@code --exclude-tags}
 * @param variables {@code -e KEY=VALUE}
 * @param thresholds {@code --threshold}
 * @param outputs {@code --json}, {@code --html}, {@code --csv} and the outputs of other reporters
 * @param headless {@code --headless}
 * @param quiet {@code --quiet}
 * @param verbose {@code --verbose}
 * @param warmUp {@code --warm-up}
 */
record RunFlags(Integer users, Double spawnRate, Duration runTime, List<Stage> stages, Double rate, String profile,
                String environment, String host, Set<String> tags, Set<String> excludedTags,
                Map<String, String> variables, List<String> thresholds, Map<String, String> outputs,
                Boolean headless, Boolean quiet, Boolean verbose, Duration warmUp) {

    /** Nothing given. */
    static final RunFlags NONE = new RunFlags(null, null, null, null, null, null, null, null, null, null,
            Map.of(), List.of(), Map.of(), null, null, null, null);

    /**
     * A profile's settings as flags: its workload (users at a spawn rate for its run time), host and thresholds.
     *
     * @param profile the profile
     * @return the flags
     */
    static RunFlags of(RunProfile profile) {
        return new RunFlags(profile.users(), profile.spawnRate(), profile.runTime(), null, null, null, null,
                profile.host().orElse(null), null, null, Map.of(), profile.thresholds(), Map.of(), null, null, null, null);
    }

    /**
     * Only the flags that shape a workload, as the web dashboard's start form sets them.
     *
     * @param users {@code --users}, or null
     * @param spawnRate {@code --spawn-rate}, or null
     * @param runTime {@code --run-time}, or null
     * @param rate {@code --rate}, or null
     * @return the flags
     */
    static RunFlags ofWorkload(Integer users, Double spawnRate, Duration runTime, Double rate) {
        return new RunFlags(users, spawnRate, runTime, null, rate, null, null, null, null, null,
                Map.of(), List.of(), Map.of(), null, null, null, null);
    }

    /**
     * Only a host.
     *
     * @param host {@code --host}
     * @return the flags
     */
    static RunFlags ofHost(String host) {
        return new RunFlags(null, null, null, null, null, null, null, host, null, null,
                Map.of(), List.of(), Map.of(), null, null, null, null);
    }

    /**
     * These flags with variables added.
     *
     * @param added the variables
     * @return new flags
     */
    RunFlags withVariables(Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(variables);
        merged.putAll(added);
        return new RunFlags(users, spawnRate, runTime, stages, rate, profile, environment, host, tags, excludedTags,
                merged, thresholds, outputs, headless, quiet, verbose, warmUp);
    }

    /**
     * These flags with report outputs added.
     *
     * @param added the outputs, by name
     * @return new flags
     */
    RunFlags withOutputs(Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(outputs);
        merged.putAll(added);
        return new RunFlags(users, spawnRate, runTime, stages, rate, profile, environment, host, tags, excludedTags,
                variables, thresholds, merged, headless, quiet, verbose, warmUp);
    }

    /**
     * These flags laid over others: a value here wins; variables and outputs merge, thresholds add up.
     *
     * @param under the flags with lower precedence
     * @return the merge
     */
    RunFlags over(RunFlags under) {
        Map<String, String> mergedVariables = new LinkedHashMap<>(under.variables);
        mergedVariables.putAll(variables);
        Map<String, String> mergedOutputs = new LinkedHashMap<>(under.outputs);
        mergedOutputs.putAll(outputs);
        List<String> allThresholds = new ArrayList<>(under.thresholds);
        allThresholds.addAll(thresholds);
        return new RunFlags(pick(users, under.users), pick(spawnRate, under.spawnRate), pick(runTime, under.runTime),
                pick(stages, under.stages), pick(rate, under.rate), pick(profile, under.profile),
                pick(environment, under.environment), pick(host, under.host), pick(tags, under.tags),
                pick(excludedTags, under.excludedTags), mergedVariables, allThresholds, mergedOutputs,
                pick(headless, under.headless), pick(quiet, under.quiet), pick(verbose, under.verbose),
                pick(warmUp, under.warmUp));
    }

    /** Whether any of the flags that shape the workload is given: users, spawn rate, stages, rate. */
    boolean setsWorkload() {
        return users != null || spawnRate != null || stages != null || rate != null;
    }

    /** These flags without the workload's shape, for the command line to replace it whole. */
    RunFlags withoutWorkload() {
        return new RunFlags(null, null, runTime, null, null, profile, environment, host, tags, excludedTags,
                variables, thresholds, outputs, headless, quiet, verbose, warmUp);
    }

    private static <T> T pick(T over, T under) {
        return over != null ? over : under;
    }
}
