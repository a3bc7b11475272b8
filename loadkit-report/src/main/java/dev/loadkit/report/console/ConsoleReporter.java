package dev.loadkit.report.console;

import dev.loadkit.core.CheckResult;
import dev.loadkit.core.RequestResult;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.ThresholdWindow;
import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.report.FirstError;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.ReportOutput;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.core.report.ReporterProvider;
import dev.loadkit.core.report.RunStart;
import dev.loadkit.report.internal.MetricText;
import dev.loadkit.report.internal.RequestTotals;
import dev.loadkit.report.internal.Text;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The console: a progress line refreshed in place on a terminal (a plain line every few seconds
 * otherwise, for CI logs), and at the end a table per request name, the thresholds, the checks, the
 * errors and the verdict.
 */
final class ConsoleReporter implements Reporter {

    /** Without a terminal, print progress this often rather than every interval. */
    private static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final int MAX_ERRORS_SHOWN = 10;

    private final PrintStream out;
    private final boolean terminal;
    private final boolean quiet;
    private Duration lastPrinted = Duration.ZERO;
    private Map<String, String> outputs = Map.of();
    private boolean progressShown;

    ConsoleReporter(PrintStream out, boolean terminal, boolean quiet) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    @Override
    public void onWarmUp(Duration duration) {
        if (!quiet) {
            out.println("loadkit: warming up for " + (duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s"
                    : duration.toMillis() + "ms") + " (not measured)");
            out.flush();
        }
    }

    @Override
    public void onStart(RunStart start) {
        Set<String> files = new HashSet<>();
        ServiceLoader.load(ReporterProvider.class).forEach(provider -> provider.outputs().stream()
                .filter(ReportOutput::writesFile).forEach(output -> files.add(output.name())));
        // Only what the run writes: the dashboard's port is not a report.
        outputs = new LinkedHashMap<>(start.options().outputs());
        outputs.keySet().retainAll(files);
        if (quiet) {
            return;
        }
        out.println("loadkit: running " + start.test());
        start.parameters().forEach((name, value) -> out.printf("  %-14s %s%n", name, value));
    }

    @Override
    public void onFirstError(FirstError error) {
        if (progressShown) {
            out.print("\r\033[2K");
        }
        out.println("first '" + error.kind() + "' error, on " + error.name() + ": " + error.message());
        if (error.cause() != null) {
            error.cause().printStackTrace(out);
        }
        out.flush();
    }

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        if (quiet) {
            return;
        }
        if (!terminal && snapshot.elapsed().minus(lastPrinted).compareTo(PLAIN_PROGRESS_EVERY) < 0) {
            return;
        }
        lastPrinted = snapshot.elapsed();
        String line = progressLine(snapshot);
        if (terminal) {
            out.print("\r\033[2K" + line);
            progressShown = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String progressLine(IntervalSnapshot snapshot) {
        double seconds = snapshot.metrics().window().toNanos() / 1e9;
        RequestTotals totals = RequestTotals.of(snapshot.metrics());
        double planned = snapshot.plannedDuration().toNanos();
        double done = Math.min(1, planned <= 0 ? 1 : snapshot.elapsed().toNanos() / planned);
        int filled = (int) Math.round(done * 20);
        Duration left = snapshot.plannedDuration().minus(snapshot.elapsed());
        // Past the planned end, the run is in its graceful stop: running iterations finish, none start.
        String when = left.isNegative() || left.isZero()
                ? String.format(Locale.ROOT, "stopping %s/%s", clock(snapshot.elapsed()), clock(snapshot.plannedDuration()))
                : String.format(Locale.ROOT, "%3.0f%% %s/%s ETA %s", done * 100, clock(snapshot.elapsed()),
                        clock(snapshot.plannedDuration()), clock(left));
        return String.format(Locale.ROOT, "[%s%s] %s | users %d | %.1f req/s | p50 %s p95 %s p99 %s | errors %.2f%%",
                "#".repeat(filled), "-".repeat(20 - filled), when, snapshot.users(),
                seconds > 0 ? totals.count() / seconds : 0, millis(totals.distribution(), 50), millis(totals.distribution(), 95),
                millis(totals.distribution(), 99), totals.count() == 0 ? 0 : 100.0 * totals.failures() / totals.count());
    }

    @Override
    public boolean speaksLast() {
        return true;
    }

    @Override
    public void onEnd(RunSummary summary) {
        if (progressShown) {
            out.println();
        }
        if (!quiet) {
            printMetrics(summary);
            printRequests(summary);
            printThresholds(summary);
            printChecks(summary);
            printErrors(summary);
        }
        // Warnings are printed even when quiet: they say whether the numbers can be trusted.
        for (String warning : summary.warnings()) {
            out.println(color("33", "WARNING") + ": " + warning);
        }
        if (quiet) {
            // Quiet still says which thresholds failed: the verdict alone does not tell what to fix.
            summary.thresholds().stream().filter(threshold -> !threshold.passed()).forEach(this::printThreshold);
        }
        if (!quiet || !summary.thresholds().isEmpty() || summary.aborted()) {
            out.println(verdict(summary));
        }
        if (!quiet && !outputs.isEmpty()) {
            out.println("Reports:");
            outputs.forEach((name, target) -> out.printf("  %-6s %s%s%n", name, Path.of(target).toAbsolutePath(),
                    summary.unwrittenReports().contains(name) ? " " + color("31", "NOT WRITTEN") : ""));
        } else if (!summary.unwrittenReports().isEmpty()) {
            out.println(color("31", "NOT WRITTEN") + ": " + String.join(", ", summary.unwrittenReports()));
        }
        out.flush();
    }

    /**
     * k6's end-of-test block: every metric the run recorded, {@code checks} first and the rest by name, so that a
     * driver's timings and their breakdown stand together; metrics without a sample are left out, so that a
     * WebSocket-only run shows its sessions and messages, not an empty HTTP line.
     */
    private void printMetrics(RunSummary summary) {
        List<MetricStats> recorded = MetricText.recorded(summary.metrics());
        if (recorded.isEmpty()) {
            return;
        }
        out.println();
        for (MetricStats stats : recorded) {
            String name = stats.metric().name();
            out.printf("  %s%s: %s%n", name, ".".repeat(Math.max(2, 32 - name.length())), MetricText.value(stats));
        }
    }

    /**
     * Locust's table: a row per request name, sorted by name, with its method (or protocol) as the Type, then
     * the Aggregated row of every request.
     */
    private void printRequests(RunSummary summary) {
        List<RequestResult> requests = summary.requests().stream()
                .sorted(Comparator.comparing(RequestResult::name).thenComparing(RequestResult::type)).toList();
        if (requests.isEmpty()) {
            return;
        }
        int nameWidth = Math.max(24, requests.stream().mapToInt(request -> request.name().length()).max().orElse(0) + 2);
        int typeWidth = Math.max(8, requests.stream().mapToInt(request -> request.type().length()).max().orElse(0));
        String format = "%-" + typeWidth + "s %-" + nameWidth + "s %9s %10s %9s %9s %9s %9s %9s%n";
        out.println();
        out.printf(format, "Type", "Name", "# reqs", "# fails", "Median", "90%ile", "99%ile", "Max", "req/s");
        for (RequestResult request : requests) {
            printRow(format, request.type(), request.name(), request.count(), request.failures(), request.stats().distribution(),
                    request.rps());
        }
        RequestTotals totals = RequestTotals.of(summary.metrics());
        if (totals.distribution() != null) {
            double seconds = Math.max(summary.metrics().window().toNanos() / 1e9, 1e-9);
            out.println("-".repeat(typeWidth + 1 + nameWidth + 9 + 11 + 5 * 10));
            printRow(format, "", "Aggregated", totals.count(), totals.failures(), totals.distribution(), totals.count() / seconds);
        }
        out.println("(times in milliseconds, measured from each request's intended start)");
    }

    private void printRow(String format, String type, String name, long count, long failures, Distribution latency, double rps) {
        out.printf(format, type, name, count,
                String.format(Locale.ROOT, "%d(%.1f%%)", failures, count == 0 ? 0.0 : 100.0 * failures / count),
                millis(latency, 50), millis(latency, 90), millis(latency, 99), millis(latency, 100),
                String.format(Locale.ROOT, "%.1f", rps));
    }

    private void printThresholds(RunSummary summary) {
        if (summary.thresholds().isEmpty()) {
            return;
        }
        out.println();
        out.println("Thresholds:");
        summary.thresholds().forEach(this::printThreshold);
        for (ThresholdWindow window : summary.thresholdWindows()) {
            if (window.firstFailedAtSeconds() != null) {
                out.printf(Locale.ROOT, "  breaking point: '%s' first failed at %.0fs with %d users (%.1f req/s)%s%n",
                        window.expression(), window.firstFailedAtSeconds(), window.usersAtFirstFailure(),
                        window.requestRateAtFirstFailure(), recovery(window));
                if (window.generatorLagging()) {
                    out.println("    generator lagging at that point (generator_lag p99 above 10 ms): the failure may be the generator's, not the target's");
                }
            }
        }
    }

    private void printThreshold(ThresholdResult threshold) {
        String mark = threshold.passed() ? color("32", "PASS") : color("31", "FAIL");
        out.printf(Locale.ROOT, "  %s %s (%s)%n", mark, threshold.expression(),
                (Double.isFinite(threshold.actual()) ? "actual " : "") + threshold.actualText(Text::significant));
    }

    /** What became of a broken threshold once the load dropped; nothing when it did not drop. */
    static String recovery(ThresholdWindow window) {
        if (window.loadDroppedAtSeconds() == null) {
            return "";
        }
        return window.recoverySeconds() != null
                ? String.format(Locale.ROOT, "; recovered %.0fs after the load dropped", window.recoverySeconds())
                : "; not recovered after the load dropped";
    }

    private void printChecks(RunSummary summary) {
        List<CheckResult> checks = summary.checks();
        if (checks.isEmpty()) {
            return;
        }
        out.println();
        out.println("Checks:");
        for (CheckResult check : checks) {
            long all = check.passes() + check.fails();
            out.printf(Locale.ROOT, "  %s %s: %d of %d passed%n",
                    check.fails() == 0 ? color("32", "ok  ") : color("31", "fail"), check.name(), check.passes(), all);
        }
    }

    private void printErrors(RunSummary summary) {
        List<ErrorCount> errors = summary.errors();
        if (errors.isEmpty()) {
            return;
        }
        out.println();
        out.println("Errors:");
        errors.stream().limit(MAX_ERRORS_SHOWN).forEach(error ->
                out.printf("  %6d  %s [%s] %s%n", error.count(), error.name(), error.kind(), error.message()));
        if (errors.size() > MAX_ERRORS_SHOWN) {
            out.printf("  ... and %d more kinds%n", errors.size() - MAX_ERRORS_SHOWN);
        }
    }

    private String verdict(RunSummary summary) {
        if (!summary.unwrittenReports().isEmpty()) {
            return color("31", "ERROR") + ": " + String.join(", ", summary.unwrittenReports()) + " not written (exit code 2); "
                    + thresholdVerdict(summary);
        }
        return thresholdVerdict(summary);
    }

    private String thresholdVerdict(RunSummary summary) {
        long failed = summary.thresholds().stream().filter(threshold -> !threshold.passed()).count();
        String thresholds = summary.thresholds().size() + " threshold" + (summary.thresholds().size() == 1 ? "" : "s");
        if (summary.aborted() && failed == 0) {
            return color("33", "ABORTED") + " after " + clock(summary.duration()) + ": " + summary.abortReason();
        }
        if (failed > 0) {
            return color("31", "FAILED") + ": " + failed + " of " + thresholds + " failed"
                    + (summary.aborted() ? " (" + summary.abortReason() + ")" : "");
        }
        return color("32", "PASSED") + (summary.thresholds().isEmpty() ? " (no thresholds)" : ": all " + thresholds + " passed");
    }

    private String color(String code, String text) {
        return terminal ? "\033[" + code + "m" + text + "\033[0m" : text;
    }

    private static String millis(Distribution distribution, double percentile) {
        if (distribution == null || distribution.count() == 0) {
            return "-";
        }
        return number(percentile >= 100 ? distribution.max() : distribution.percentile(percentile));
    }

    private static String number(double value) {
        return value >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
