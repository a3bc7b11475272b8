package dev.loadkit.core.internal.cli;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.RequestResult;
import dev.loadkit.core.RunProfile;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.internal.parse.DurationSyntax;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code suite NAMES [options]}: runs profiles or scenarios one after the other with the same options, then
 * prints one table and exits with the worst verdict: 3 when one was aborted (the rest do not run), else 1
 * when one failed, else 0. {@code suite all} runs every profile. With {@code --output-dir}, each run's reports
 * are named {@code SUITEID_NAME_...}.
 */
final class Suite {

    private final CommandLineRunner runner;
    private final PrintStream out;

    Suite(CommandLineRunner runner, PrintStream out) {
        this.runner = runner;
        this.out = out;
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            throw new ConfigurationException("suite needs what to run: suite smoke,development [options], or suite all");
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        Map<String, RunProfile> profiles = runner.profiles(rest.toArray(String[]::new));
        List<String> names = args[0].equals("all") ? List.copyOf(profiles.keySet())
                : Arrays.stream(args[0].split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new ConfigurationException("suite all: there are no profiles; name scenarios instead");
        }
        for (String name : names) {
            if (!runner.isScenario(name) && !profiles.containsKey(name)) {
                throw new ConfigurationException("suite: '" + name + "' is neither a scenario nor a profile; 'list' shows them");
            }
        }
        String suiteId = takeTestId(rest);
        if (suiteId == null && rest.stream().anyMatch(arg -> arg.equals("--output-dir") || arg.startsWith("--output-dir="))) {
            suiteId = "suite_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RUN", "VERDICT", "EXIT", "DURATION", "REQUESTS", "FAILED", "THRESHOLDS FAILED"});
        int worst = ExitCode.PASSED;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            out.printf("%nSuite %d/%d: %s%n", i + 1, names.size(), name);
            List<String> one = new ArrayList<>();
            one.add(name);
            one.addAll(rest);
            if (suiteId != null) {
                one.add("--test-id");
                one.add(suiteId + "_" + name);
            }
            CommandLineRunner.Outcome outcome = runner.runOnce(one.toArray(String[]::new));
            if (outcome.exitCode() == ExitCode.USAGE_ERROR) {
                return ExitCode.USAGE_ERROR;
            }
            rows.add(row(name, outcome));
            worst = worse(worst, outcome.exitCode());
            if (outcome.exitCode() == ExitCode.ABORTED) {
                break;
            }
        }
        out.printf("%nSuite verdict: %s%n", verdict(worst));
        ProfileList.table(out, rows);
        return worst;
    }

    /** Takes {@code --test-id ID} out of the options: the suite's id prefixes each run's. */
    private static String takeTestId(List<String> options) {
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).startsWith("--test-id=")) {
                return options.remove(i).substring("--test-id=".length());
            }
            if (options.get(i).equals("--test-id") && i + 1 < options.size()) {
                options.remove(i);
                return options.remove(i);
            }
        }
        return null;
    }

    private static String[] row(String name, CommandLineRunner.Outcome outcome) {
        RunSummary summary = outcome.summary();
        if (summary == null) {
            return new String[] {name, verdict(outcome.exitCode()), String.valueOf(outcome.exitCode()), "-", "-", "-", "-"};
        }
        long requests = summary.requests().stream().mapToLong(RequestResult::count).sum();
        long failed = summary.requests().stream().mapToLong(RequestResult::failures).sum();
        long thresholdsFailed = summary.thresholds().stream().filter(threshold -> !threshold.passed()).count();
        return new String[] {name, verdict(outcome.exitCode()), String.valueOf(outcome.exitCode()),
                DurationSyntax.format(summary.duration()), String.valueOf(requests), String.valueOf(failed),
                thresholdsFailed + " of " + summary.thresholds().size() + failedNames(summary.thresholds())};
    }

    private static String failedNames(List<ThresholdResult> thresholds) {
        List<String> failed = thresholds.stream().filter(threshold -> !threshold.passed()).map(ThresholdResult::expression).toList();
        return failed.isEmpty() ? "" : ": " + String.join("; ", failed);
    }

    private static int worse(int current, int next) {
        if (current == ExitCode.ABORTED || next == ExitCode.ABORTED) {
            return ExitCode.ABORTED;
        }
        return Math.max(current, next);
    }

    private static String verdict(int exitCode) {
        return switch (exitCode) {
            case ExitCode.PASSED -> "PASSED";
            case ExitCode.THRESHOLD_FAILED -> "FAILED";
            case ExitCode.ABORTED -> "ABORTED";
            default -> "ERROR";
        };
    }
}
