package dev.loadkit.report.internal;

import dev.loadkit.core.report.IntervalSnapshot;
import dev.loadkit.core.report.Reporter;

import java.util.ArrayList;
import java.util.List;

/**
 * The run over time, one row per interval, for the reports that draw or list it (CSV history, HTML and
 * PNG charts). Fed on the reporting thread, read at the end of the run on the same thread.
 */
public final class RunHistory implements Reporter {

    /**
     * One interval.
     *
     * @param elapsedSeconds the time since the start, at the interval's end
     * @param users the virtual users running
     * @param requestsPerSecond requests per second in the interval
     * @param failuresPerSecond failed requests per second
     * @param p50 the median latency, in milliseconds
     * @param p95 the 95th percentile
     * @param p99 the 99th percentile
     * @param requests the requests in the interval
     * @param failures the failed requests in the interval
     */
    public record Row(double elapsedSeconds, int users, double requestsPerSecond, double failuresPerSecond,
                      double p50, double p95, double p99, long requests, long failures) {
    }

    private final List<Row> rows = new ArrayList<>();

    @Override
    public void onInterval(IntervalSnapshot snapshot) {
        double seconds = snapshot.metrics().window().toNanos() / 1e9;
        if (seconds <= 0) {
            return;
        }
        RequestTotals totals = RequestTotals.of(snapshot.metrics());
        rows.add(new Row(snapshot.elapsed().toNanos() / 1e9, snapshot.users(), totals.count() / seconds,
                totals.failures() / seconds, totals.percentile(50), totals.percentile(95), totals.percentile(99),
                totals.count(), totals.failures()));
    }

    /**
     * The rows so far.
     *
     * @return one row per interval, oldest first
     */
    public List<Row> rows() {
        return List.copyOf(rows);
    }
}
