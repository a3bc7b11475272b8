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
import java.util.List;
import java.util.Map;

/**
 * {@code --csv PREFIX}: {@code PREFIX_stats.csv} (a row per request name and an {@code Aggregated} row),
 * {@code PREFIX_failures.csv} and {@code PREFIX_history.csv} (a row per interval), with Locust's column
 * names wherever Locust has the same column, so that tools reading Locust's CSV read these.
 */
final class CsvReporter implements Reporter {

    private static final double[] PERCENTILES = {50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100};

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
    public void onEnd(RunSummary summary) throws IOException {
        write("_stats.csv", stats(summary));
        write("_failures.csv", failures(summary));
        write("_history.csv", history(summary));
    }

    private void write(String suffix, List<String> lines) throws IOException {
        AtomicFiles.write(Path.of(prefix + suffix), String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> stats(RunSummary summary) {
        List<String> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("Type", "Name", "Request Count", "Failure Count",
                "Median Response Time", "Average Response Time", "Min Response Time", "Max Response Time",
                "Average Content Size", "Requests/s", "Failures/s"));
        for (double percentile : PERCENTILES) {
            header.add(Text.number(percentile, 2) + "%");
        }
        lines.add(row(header));
        double seconds = Math.max(summary.duration().toNanos() / 1e9, 1e-9);
        for (RequestResult request : summary.requests()) {
            long received = summary.metrics().aggregate("data_received", Map.of("name", request.name()))
                    .map(MetricStats::count).orElse(0L);
            lines.add(statsRow(request.metric(), request.name(), request.count(), request.failures(),
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

    private static List<String> failures(RunSummary summary) {
        List<String> lines = new ArrayList<>();
        lines.add(row(List.of("Name", "Kind", "Error", "Occurrences")));
        for (ErrorCount error : summary.errors()) {
            lines.add(row(List.of(error.name(), error.kind(), error.message(), Long.toString(error.count()))));
        }
        return lines;
    }

    private List<String> history(RunSummary summary) {
        List<String> lines = new ArrayList<>();
        lines.add(row(List.of("Timestamp", "User Count", "Requests/s", "Failures/s", "50%", "95%", "99%",
                "Total Request Count", "Total Failure Count")));
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
            lines.add(row(List.of(Long.toString(start + Math.round(interval.elapsedSeconds())),
                    Integer.toString(interval.users()), Text.number(interval.requestsPerSecond(), 3),
                    Text.number(interval.failuresPerSecond(), 3), ms(interval.p50()), ms(interval.p95()),
                    ms(interval.p99()), Long.toString(requests), Long.toString(failed))));
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
