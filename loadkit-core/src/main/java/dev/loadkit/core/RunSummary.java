package dev.loadkit.core;

import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.metrics.RequestMetric;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Everything a run measured and decided, handed to the end-of-run reporters and returned to code that
 * runs a test from Java or JUnit:
 *
 * <pre>{@code
 * RunSummary summary = test.execute();
 * assertThat(summary.passed()).isTrue();
 * assertThat(summary.metric("http_req_duration").distribution().percentile(95)).isLessThan(500);
 * }</pre>
 *
 * @param test the test's name
 * @param startedAt when the run started, by the wall clock
 * @param endedAt when it ended, by the wall clock
 * @param duration how long it ran, by the monotonic clock
 * @param exitCode the process exit code, see {@link ExitCode}
 * @param abortReason why the run stopped early, or {@code null} when it ran to its end
 * @param parameters the run's parameters for reports (workload, profile, host, ...), in display order
 * @param metrics every series of every metric over the whole run
 * @param thresholds the verdict of each threshold
 * @param errors the errors by name, kind and message, most frequent first
 * @param userClasses the virtual users started per user class
 * @param thresholdWindows each threshold over the run's sliding windows: breaking point and recovery
 * @param warnings what makes the numbers less trustworthy, such as a lagging generator; empty when nothing does
 * @param phases the phases of a sequence, each with its span and its requests; empty for other workloads
 * @param unwrittenReports the reports asked for that could not be written at the end, by output name
 *                         ({@code json}, {@code html}); when any, the exit code is 2
 */
public record RunSummary(String test, Instant startedAt, Instant endedAt, Duration duration, int exitCode,
                         String abortReason, Map<String, String> parameters, MetricsSnapshot metrics,
                         List<ThresholdResult> thresholds, List<ErrorCount> errors,
                         List<UserClassResult> userClasses, List<ThresholdWindow> thresholdWindows,
                         List<String> warnings, List<PhaseResult> phases, List<String> unwrittenReports) {

    /**
     * Copies the collections.
     *
     * @param test the test's name
     * @param startedAt when the run started
     * @param endedAt when it ended
     * @param duration how long it ran
     * @param exitCode the exit code
     * @param abortReason why it stopped early, or {@code null}
     * @param parameters the run's parameters
     * @param metrics the metrics
     * @param thresholds the verdicts
     * @param errors the errors
     * @param userClasses the users per class
     * @param thresholdWindows the thresholds over sliding windows
     * @param warnings the warnings
     * @param phases the phases of a sequence
     * @param unwrittenReports the reports that could not be written
     */
    public RunSummary {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        thresholds = List.copyOf(thresholds);
        errors = List.copyOf(errors);
        userClasses = List.copyOf(userClasses);
        thresholdWindows = List.copyOf(thresholdWindows);
        warnings = List.copyOf(warnings);
        phases = List.copyOf(phases);
        unwrittenReports = List.copyOf(unwrittenReports);
    }

    /**
     * This summary after some reports could not be written: the run's results are lost for them, so the
     * exit code is 2 (as for any other report that cannot be written), and the warnings say why.
     *
     * @param outputs the reports not written, by output name
     * @param reasons one line each: which report and why
     * @return the new summary
     */
    public RunSummary withUnwrittenReports(List<String> outputs, List<String> reasons) {
        List<String> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(reasons);
        List<String> allUnwritten = new ArrayList<>(unwrittenReports);
        allUnwritten.addAll(outputs);
        return new RunSummary(test, startedAt, endedAt, duration, ExitCode.USAGE_ERROR, abortReason, parameters, metrics,
                thresholds, errors, userClasses, thresholdWindows, allWarnings, phases, allUnwritten);
    }

    /**
     * Whether every threshold passed and the run was not aborted.
     *
     * @return true for exit code 0
     */
    public boolean passed() {
        return exitCode == ExitCode.PASSED;
    }

    /**
     * Whether the run stopped before its end.
     *
     * @return true when aborted
     */
    public boolean aborted() {
        return abortReason != null;
    }

    /**
     * A metric over the whole run, all its series merged.
     *
     * @param name the metric's name
     * @return the merged stats
     * @throws NoSuchElementException when the test does not define the metric
     */
    public MetricStats metric(String name) {
        return metrics.aggregate(name).orElseThrow(() -> new NoSuchElementException("no metric " + name));
    }

    /**
     * A metric over the series whose tags match a filter, such as {@code Map.of("name", "get vm")}.
     *
     * @param name the metric's name
     * @param tagFilter the tags to match
     * @return the merged stats
     * @throws NoSuchElementException when the test does not define the metric
     */
    public MetricStats metric(String name, Map<String, String> tagFilter) {
        return metrics.aggregate(name, tagFilter).orElseThrow(() -> new NoSuchElementException("no metric " + name));
    }

    /**
     * The outcome of each named check.
     *
     * @return one entry per check name
     */
    public List<CheckResult> checks() {
        List<CheckResult> checks = new ArrayList<>();
        for (MetricStats stats : metrics.series(BuiltInMetrics.CHECKS.name())) {
            String name = stats.tags().get(BuiltInMetrics.CHECK_TAG);
            if (name != null) {
                checks.add(new CheckResult(name, stats.trues(), stats.falses()));
            }
        }
        return checks;
    }

    /**
     * One row per request name of every protocol: the per-request table.
     *
     * @return the rows, grouped by protocol, in order of first appearance
     */
    public List<RequestResult> requests() {
        List<RequestResult> rows = new ArrayList<>();
        for (RequestMetric requestMetric : metrics.requestMetrics()) {
            String metric = requestMetric.duration().name();
            for (MetricStats stats : metrics.byRequestName(metric)) {
                double seconds = Math.max(span(stats.name()).toNanos() / 1e9, 1e-9);
                rows.add(new RequestResult(type(metric, stats.name()), stats.name(), metric, stats, stats.count() / seconds));
            }
        }
        return rows;
    }

    /**
     * The HTTP method all requests of a name shared ({@code GET}), else the protocol of a driver's main metric
     * ({@code grpc} of {@code grpc_req_duration}, {@code redis} of {@code redis_cmd_duration}), else the metric
     * ({@code ws_connecting}, {@code ws_msg_latency}). A gRPC method's full name is too long for a Type column.
     */
    private String type(String metric, String requestName) {
        List<String> methods = metrics.series(metric).stream()
                .filter(series -> requestName.equals(series.name()))
                .map(series -> series.tags().get("method"))
                .distinct().toList();
        if (methods.size() == 1 && methods.get(0) != null && methods.get(0).matches("[A-Z]{3,7}")) {
            return methods.get(0);
        }
        return metric.replaceFirst("_(req|cmd)_duration$", "");
    }
    /**
     * The time a request's work ran: the spans of the phases it ran in, for a sequence; else the measured
     * span of the run (the schedule's time, without a drain or a stop's graceful period).
     */
    private Duration span(String requestName) {
        Duration inPhases = phases.stream().filter(phase -> phase.requests().contains(requestName))
                .map(PhaseResult::span).reduce(Duration.ZERO, Duration::plus);
        return inPhases.isZero() ? metrics.window() : inPhases;
    }

}
