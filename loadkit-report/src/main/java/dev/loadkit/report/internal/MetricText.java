package dev.loadkit.report.internal;

import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricUnit;
import dev.loadkit.core.metrics.MetricsSnapshot;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Every metric a run recorded, as k6's end-of-test summary shows them, for the console and the HTML report. */
public final class MetricText {

    private MetricText() {
    }

    /**
     * The metrics with at least one sample, {@code checks} first, then by name, so that a driver's timings and
     * their breakdown stand together.
     *
     * @param metrics the run's metrics
     * @return each metric aggregated over its series
     */
    public static List<MetricStats> recorded(MetricsSnapshot metrics) {
        return metrics.metrics().stream()
                .map(metric -> metrics.aggregate(metric.name()))
                .flatMap(Optional::stream)
                .filter(stats -> stats.count() > 0 || stats.value() != 0 || stats.max() != 0)
                .sorted(Comparator.comparing((MetricStats stats) -> !stats.metric().name().equals("checks"))
                        .thenComparing(stats -> stats.metric().name()))
                .toList();
    }

    /**
     * The part of the report a metric belongs to: its driver ({@code http}, {@code ws}, {@code grpc},
     * {@code redis}), the run's own metrics, or the test's custom ones.
     *
     * @param name the metric's name
     * @return the group's title
     */
    public static String group(String name) {
        if (name.startsWith("http_")) {
            return "HTTP";
        }
        if (name.startsWith("ws_")) {
            return "WebSocket";
        }
        if (name.startsWith("grpc_")) {
            return "gRPC";
        }
        if (name.startsWith("redis_") || name.startsWith("stream_") || name.startsWith("pubsub_")) {
            return "Redis";
        }
        if (name.startsWith("sim_")) {
            return "Simulated service";
        }
        return List.of("checks", "data_received", "data_sent", "dropped_iterations", "generator_lag", "group_duration",
                "interrupted_iterations", "iteration_duration", "iterations", "vus", "vus_max").contains(name) ? "Run" : "Custom";
    }

    /**
     * A metric's value as k6 shows it: a trend's avg, min, med, max, p(90) and p(95); a counter's count and rate
     * per second; a rate's share; a gauge's last value and its most.
     *
     * @param stats the metric over the run
     * @return the text
     */
    public static String value(MetricStats stats) {
        Metric metric = stats.metric();
        return switch (metric.type()) {
            case TREND -> {
                Distribution values = stats.distribution();
                String unit = metric.unit() == MetricUnit.TIME ? "ms" : "";
                yield String.format(Locale.ROOT, "avg=%s%s min=%s%s med=%s%s max=%s%s p(90)=%s%s p(95)=%s%s",
                        Text.significant(values.mean()), unit, Text.significant(values.min()), unit,
                        Text.significant(values.median()), unit, Text.significant(values.max()), unit,
                        Text.significant(values.percentile(90)), unit, Text.significant(values.percentile(95)), unit);
            }
            case COUNTER -> metric.unit() == MetricUnit.BYTES
                    ? bytes(stats.count()) + " " + bytes(Math.round(stats.rate())) + "/s"
                    : String.format(Locale.ROOT, "%d %s/s", stats.count(), Text.significant(stats.rate()));
            case RATE -> String.format(Locale.ROOT, "%s%% %d of %d", Text.significant(100 * stats.rate()), stats.trues(), stats.count());
            case GAUGE -> String.format(Locale.ROOT, "%d max=%d", stats.value(), stats.max());
        };
    }

    private static String bytes(long count) {
        if (count >= 1_000_000) {
            return Text.significant(count / 1e6) + " MB";
        }
        return count >= 1_000 ? Text.significant(count / 1e3) + " kB" : count + " B";
    }
}
