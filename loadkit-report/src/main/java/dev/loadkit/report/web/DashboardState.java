package dev.loadkit.report.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.ThresholdResult;
import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricsSnapshot;
import dev.loadkit.core.metrics.RequestMetric;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Launch;
import dev.loadkit.core.report.RunStart;
import dev.loadkit.report.internal.RequestTotals;
import dev.loadkit.report.internal.Text;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the dashboard shows, as the JSON its page and its API read: the run's phase and parameters, a row per
 * interval for the charts, the run so far per request name, the thresholds as they stand, the errors and the
 * warnings. Written on the reporting thread, read by the server's threads; every method holds the lock.
 */
final class DashboardState {

    /** Where the run is. */
    enum Phase {
        /** The page waits for a person to start the run. */
        WAITING,
        /** The run was started and has not begun measuring: its set-up or warm-up runs. */
        STARTING,
        /** The run is on. */
        RUNNING,
        /** The run is over; its reports can be downloaded. */
        FINISHED
    }

    /** Rows of the charts kept: an hour of one-second intervals; older rows are thinned out by half. */
    private static final int HISTORY_LIMIT = 3600;
    private static final int ERRORS_SHOWN = 50;
    /** Generator lag above this (p99 of an interval) is the generator's own delay showing in the latencies. */
    private static final double LAG_WARNING_MILLIS = 10;

    private final ObjectMapper json = new ObjectMapper();
    private Phase phase = Phase.WAITING;
    private String test;
    private Map<String, String> parameters = Map.of();
    private Launch proposed;
    private String steers;
    private String stopReason;
    private final Deque<ObjectNode> history = new ArrayDeque<>();
    private MetricsSnapshot soFar;
    private ObjectNode latest;
    private RunSummary summary;
    private List<String> reports = List.of();

    DashboardState() {
        this.test = "";
        this.proposed = new Launch(null, null, null, null, null);
        this.latest = json.createObjectNode();
    }

    /** What the start form proposes: the command line's workload and host. */
    synchronized void proposed(Launch launch) {
        proposed = launch;
    }

    /** What the running test lets a person steer: {@code users}, {@code arrivalRate}, or null for nothing. */
    synchronized void steers(String steerable) {
        steers = steerable;
    }

    synchronized void started(RunStart start) {
        phase = Phase.RUNNING;
        test = start.test();
        parameters = start.parameters();
        history.clear();
        soFar = null;
        latest = json.createObjectNode();
    }

    synchronized void launched() {
        if (phase == Phase.WAITING) {
            phase = Phase.STARTING;
        }
    }

    synchronized void stopRequested(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    synchronized Phase phase() {
        return phase;
    }

    /** Takes an interval in; returns the update that the page's event stream sends. */
    synchronized String interval(IntervalSnapshot snapshot) {
        MetricsSnapshot interval = snapshot.metrics();
        soFar = soFar == null ? interval : MetricsSnapshot.merge(List.of(soFar, interval));
        ObjectNode row = row(snapshot);
        history.addLast(row);
        if (history.size() > HISTORY_LIMIT) {
            thinOut();
        }
        ObjectNode update = json.createObjectNode();
        update.put("elapsed", seconds(snapshot.elapsed().toNanos()));
        update.put("planned", seconds(snapshot.plannedDuration().toNanos()));
        update.put("users", snapshot.users());
        update.set("row", row);
        update.set("requests", requests(interval));
        ArrayNode thresholds = update.putArray("thresholds");
        for (ThresholdResult threshold : snapshot.thresholds()) {
            thresholds.addObject().put("expression", threshold.expression()).put("passed", threshold.passed())
                    .put("actual", threshold.actualText(Text::significant));
        }
        ArrayNode errors = update.putArray("errors");
        snapshot.errors().stream().limit(ERRORS_SHOWN).forEach(error -> errors.add(error(error)));
        ArrayNode warnings = update.putArray("warnings");
        double lag = row.path("lagP99").asDouble(Double.NaN);
        if (lag > LAG_WARNING_MILLIS) {
            warnings.add(String.format(Locale.ROOT, "generator lag p99 %s ms in the last interval: the load generator is"
                    + " short of CPU, and its own delay shows in the latencies", Text.significant(lag)));
        }
        latest = update;
        return message();
    }

    synchronized void finished(RunSummary runSummary, List<String> downloadable) {
        phase = Phase.FINISHED;
        summary = runSummary;
        reports = List.copyOf(downloadable);
    }

    /** The whole state, with the charts' rows: what a page that opens reads first. */
    synchronized String state() {
        ObjectNode state = base();
        ArrayNode rows = state.putArray("history");
        history.forEach(rows::add);
        return state.toString();
    }

    /** The state without the charts' rows but with the latest row: one event of the stream. */
    synchronized String message() {
        return base().toString();
    }

    private ObjectNode base() {
        ObjectNode state = json.createObjectNode();
        state.put("phase", phase.name().toLowerCase(Locale.ROOT));
        state.put("test", test);
        ObjectNode params = state.putObject("parameters");
        parameters.forEach(params::put);
        ObjectNode launch = state.putObject("launch");
        if (proposed.users() != null) {
            launch.put("users", proposed.users());
        }
        if (proposed.spawnRate() != null) {
            launch.put("spawnRate", proposed.spawnRate());
        }
        if (proposed.runTime() != null) {
            launch.put("runTime", runTimeText(proposed.runTime()));
        }
        if (proposed.arrivalRate() != null) {
            launch.put("arrivalRate", proposed.arrivalRate());
        }
        launch.put("host", proposed.host());
        state.put("steers", steers);
        state.put("stopReason", stopReason);
        state.setAll(latest);
        if (summary != null) {
            ObjectNode verdict = state.putObject("verdict");
            verdict.put("passed", summary.passed()).put("exitCode", summary.exitCode())
                    .put("abortReason", summary.abortReason());
            ArrayNode thresholds = state.putArray("thresholds");
            for (ThresholdResult threshold : summary.thresholds()) {
                thresholds.addObject().put("expression", threshold.expression()).put("passed", threshold.passed())
                        .put("actual", threshold.actualText(Text::significant));
            }
            ArrayNode errors = state.putArray("errors");
            summary.errors().stream().limit(ERRORS_SHOWN).forEach(error -> errors.add(error(error)));
            ArrayNode warnings = state.putArray("warnings");
            summary.warnings().forEach(warnings::add);
            ArrayNode files = state.putArray("reports");
            reports.forEach(files::add);
        }
        return state;
    }

    /** One row of the charts: users, requests and failures per second, and each request metric's percentiles. */
    private ObjectNode row(IntervalSnapshot snapshot) {
        MetricsSnapshot interval = snapshot.metrics();
        double seconds = Math.max(1e-9, seconds(interval.window().toNanos()));
        RequestTotals totals = RequestTotals.of(interval);
        ObjectNode row = json.createObjectNode();
        row.put("t", seconds(snapshot.elapsed().toNanos()));
        row.put("users", snapshot.users());
        row.put("rps", totals.count() / seconds);
        row.put("fps", totals.failures() / seconds);
        ObjectNode latency = row.putObject("latency");
        for (RequestMetric metric : interval.requestMetrics()) {
            interval.aggregate(metric.duration().name()).filter(stats -> stats.count() > 0).ifPresent(stats ->
                    latency.putObject(metric.duration().name())
                            .put("p50", stats.distribution().percentile(50))
                            .put("p95", stats.distribution().percentile(95))
                            .put("p99", stats.distribution().percentile(99)));
        }
        interval.aggregate(BuiltInMetrics.GENERATOR_LAG.name()).filter(stats -> stats.count() > 0)
                .ifPresent(lag -> row.put("lagP99", lag.distribution().percentile(99)));
        return row;
    }

    /** A row per request name: the run so far, and the requests per second of the last interval. */
    private ArrayNode requests(MetricsSnapshot interval) {
        ArrayNode rows = json.createArrayNode();
        double seconds = Math.max(1e-9, seconds(interval.window().toNanos()));
        for (RequestMetric metric : soFar.requestMetrics()) {
            String name = metric.duration().name();
            for (MetricStats stats : soFar.byRequestName(name)) {
                long recent = interval.aggregate(name, Map.of(Tags.NAME, stats.name())).map(MetricStats::count).orElse(0L);
                rows.addObject().put("name", stats.name()).put("metric", name).put("count", stats.count())
                        .put("failures", stats.trues()).put("rps", recent / seconds)
                        .put("p50", stats.distribution().percentile(50))
                        .put("p95", stats.distribution().percentile(95))
                        .put("p99", stats.distribution().percentile(99))
                        .put("max", stats.distribution().max());
            }
        }
        return rows;
    }

    private ObjectNode error(ErrorCount error) {
        return json.createObjectNode().put("name", error.name()).put("kind", error.kind())
                .put("message", error.message()).put("count", error.count());
    }

    /** Keeps every other row of the older half: a long run's charts keep their shape in bounded memory. */
    private void thinOut() {
        int older = history.size() / 2;
        Deque<ObjectNode> kept = new ArrayDeque<>();
        int index = 0;
        for (ObjectNode row : history) {
            if (index >= older || index % 2 == 0) {
                kept.addLast(row);
            }
            index++;
        }
        history.clear();
        history.addAll(kept);
    }

    /** A run time as the start form takes it back: seconds, with their fraction when there is one. */
    private static String runTimeText(Duration runTime) {
        return BigDecimal.valueOf(runTime.toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
