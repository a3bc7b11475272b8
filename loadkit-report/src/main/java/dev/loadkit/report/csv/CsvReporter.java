package dev.loadkit.report.csv;

import dev.loadkit.core.RequestResult;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;
import dev.loadkit.report.internal.AtomicFiles;
import dev.loadkit.report.internal.RequestTotals;
import dev.loadkit.report.internal.RunHistory;
import dev.loadkit.report.internal.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --csv PREFIX}: Locust's four files with Locust's columns, so that tools reading Locust's CSV read
 * these: {@code PREFIX_stats.csv} (a row per request name and an {@code Aggregated} row),
 * {@code PREFIX_stats_history.csv} (an {@code Aggregated} row per interval), {@code PREFIX_failures.csv} (Method,
 * Name, Error, Occurrences) and {@code PREFIX_exceptions.csv} (what the tasks' own code threw). Times in
 * milliseconds, from each request's intended start.
 */
final class CsvReporter implements Reporter {

    private static final List<Double> PERCENTILES = RunHistory.PERCENTILES;
    /** The kind of error a task's own code threw, rather than a protocol's answer. */
    private static final String TASK_ERROR = "task";

    private final String prefix;
    private final RunHistory history = new RunHistory();

    CsvReporter(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        history.onInterval(snapshot);
    }

    @Override
    public Optional<String> output() {
        return Optional.of("csv");
    }

    @Override
    public void onEnd(RunSummary summary) throws IOException {
        write("_stats.csv", stats(summary));
        write("_stats_history.csv", history(summary));
        write("_failures.csv", failures(summary));
        write("_exceptions.csv", exceptions(summary));
    }

    private void write(String suffix, List<String> lines) throws IOException {
        AtomicFiles.write(Path.of(prefix + suffix), String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> stats(RunSummary summary) {
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("Type", "Name", "Request Count", "Failure Count",
                "Median Response Time", "Average Response Time", "Min Response Time", "Max Response Time",
                "Average Content Size", "Requests/s", "Failures/s"));
        header.addAll(percentileColumns());
        lines.add(row(header));
        double seconds = Math.max(summary.duration().toNanos() / 1e9, 1e-9);
        for (RequestResult request : summary.requests()) {
            long received = summary.metrics().aggregate("data_received", Map.of("name", request.name()))
                    .map(MetricStats::count).orElse(0L);
            lines.add(statsRow(request.type(), request.name(), request.count(), request.failures(),
                    request.stats().distribution(), received, seconds));
        }
        RequestTotals totals = RequestTotals.of(summary.metrics());
        if (totals.distribution() != null) {
            long received = summary.metrics().aggregate("data_received").map(MetricStats::count).orElse(0L);
            lines.add(statsRow("", "Aggregated", totals.count(), totals.failures(), totals.distribution(), received, seconds));
        }
        return lines;
    }

    private static String statsRow(String type, String name, long count, long failures, Distribution latency,
                                   long bytesReceived, double seconds) {
        List<String> cells = new ArrayList<>(List.of(type, name, Long.toString(count), Long.toString(failures),
                ms(latency.median()), ms(latency.mean()), ms(latency.min()), ms(latency.max()),
                Text.number(count == 0 ? 0 : (double) bytesReceived / count, 2),
                Text.number(count / seconds, 3), Text.number(failures / seconds, 3)));
        for (double percentile : PERCENTILES) {
            cells.add(ms(percentile >= 100 ? latency.max() : latency.percentile(percentile)));
        }
        return row(cells);
    }

    /** Locust's names of the percentile columns: 50%, 66%, ... 99.9%, 99.99%, 100%. */
    private static List<String> percentileColumns() {
        return PERCENTILES.stream().map(percentile -> Text.number(percentile, 2) + "%").toList();
    }

    /** Locust's failures: the method (or protocol) and name of the request, the error, how often. */
    private static List<String> failures(RunSummary summary) {
        Map<String, String> types = new HashMap<>();
        summary.requests().forEach(request -> types.putIfAbsent(request.name(), request.type()));
        List<String> lines = new ArrayList<>();
        lines.add(row(List.of("Method", "Name", "Error", "Occurrences")));
        for (ErrorCount error : summary.errors()) {
            if (!error.kind().equals(TASK_ERROR)) {
                lines.add(row(List.of(types.getOrDefault(error.name(), ""), error.name(), error.kind() + ": " + error.message(),
                        Long.toString(error.count()))));
            }
        }
        return lines;
    }

    /** Locust's exceptions: what the tasks' own code threw. loadkit keeps no stack trace, and runs on one node. */
    private static List<String> exceptions(RunSummary summary) {
        List<String> lines = new ArrayList<>();
        lines.add(row(List.of("Count", "Message", "Traceback", "Nodes")));
        for (ErrorCount error : summary.errors()) {
            if (error.kind().equals(TASK_ERROR)) {
                lines.add(row(List.of(Long.toString(error.count()), error.name() + ": " + error.message(), "", "local")));
            }
        }
        return lines;
    }

    /** Locust's stats history: an Aggregated row per interval, with the interval's percentiles and the run's totals. */
    private List<String> history(RunSummary summary) {
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("Timestamp", "User Count", "Type", "Name", "Requests/s", "Failures/s"));
        header.addAll(percentileColumns());
        header.addAll(List.of("Total Request Count", "Total Failure Count", "Total Median Response Time",
                "Total Average Response Time", "Total Min Response Time", "Total Max Response Time", "Total Average Content Size"));
        lines.add(row(header));
        long requests = 0;
        long failed = 0;
        long start = summary.startedAt().getEpochSecond();
        List<RunHistory.Row> rows = history.rows();
        for (int i = 0; i < rows.size(); i++) {
            RunHistory.Row interval = rows.get(i);
            requests += interval.requests();
            failed += interval.failures();
            if (i == rows.size() - 1) {
                // The run's last sliver of an interval is too short to list; its requests still count.
                requests += history.unlistedRequests();
                failed += history.unlistedFailures();
            }
            List<String> cells = new ArrayList<>(List.of(Long.toString(start + Math.round(interval.elapsedSeconds())),
                    Integer.toString(interval.users()), "", "Aggregated", Text.number(interval.requestsPerSecond(), 3),
                    Text.number(interval.failuresPerSecond(), 3)));
            interval.percentiles().forEach(value -> cells.add(ms(value)));
            RunHistory.Totals total = interval.total();
            cells.addAll(List.of(Long.toString(requests), Long.toString(failed),
                    ms(total == null ? Double.NaN : total.median()), ms(total == null ? Double.NaN : total.mean()),
                    ms(total == null ? Double.NaN : total.min()), ms(total == null ? Double.NaN : total.max()),
                    Text.number(requests == 0 ? 0 : (double) interval.totalBytesReceived() / requests, 2)));
            lines.add(row(cells));
        }
        return lines;
    }

    private static String ms(double value) {
        return Text.number(value, 3);
    }

    private static String row(List<String> cells) {
        return String.join(",", cells.stream().map(Text::csv).toList());
    }
}
