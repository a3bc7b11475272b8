package dev.loadkit.core.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every series of every metric over one window of time: one interval of a live run, or the whole run.
 * Immutable. Thresholds, reporters and assertions in tests read metrics through it.
 *
 * @param window the time the values cover
 * @param metrics every metric the test defines, recorded or not
 * @param requestMetrics the request metrics among them, whose series are requests of a protocol
 * @param series one entry per metric and tag set that received samples
 */
public record MetricsSnapshot(Duration window, Collection<Metric> metrics, List<RequestMetric> requestMetrics,
                              List<MetricStats> series) {

    /**
     * Copies the collections.
     *
     * @param window the time covered
     * @param metrics the defined metrics
     * @param requestMetrics the request metrics
     * @param series the series
     */
    public MetricsSnapshot {
        metrics = List.copyOf(metrics);
        requestMetrics = List.copyOf(requestMetrics);
        series = List.copyOf(series);
    }

    /**
     * The definition of a metric by name.
     *
     * @param name the metric's name
     * @return the definition, if the test defines that metric
     */
    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(metric -> metric.name().equals(name)).findFirst();
    }

    /**
     * The series of one metric.
     *
     * @param name the metric's name
     * @return its series, in the order they were first recorded
     */
    public List<MetricStats> series(String name) {
        return series.stream().filter(stats -> stats.metric().name().equals(name)).toList();
    }

    /**
     * All series of a metric merged into one: the whole metric, as k6 reports it.
     *
     * @param name the metric's name
     * @return the merge, or empty when the test does not define the metric
     */
    public Optional<MetricStats> aggregate(String name) {
        return aggregate(name, Map.of());
    }

    /**
     * The series of a metric whose tags match a filter, merged into one, as a k6 threshold on
     * {@code http_req_duration{name:get vm}} sees them.
     *
     * @param name the metric's name
     * @param filter tags that a series must have, with these values
     * @return the merge (with no samples when nothing matched), or empty when the metric is not defined
     */
    public Optional<MetricStats> aggregate(String name, Map<String, String> filter) {
        return metric(name).map(metric -> merge(metric, Tags.of(filter),
                series.stream().filter(stats -> stats.metric().equals(metric) && stats.tags().matches(filter)).toList()));
    }

    /**
     * Several consecutive snapshots as one: each series merged across them, over their summed windows.
     * Thresholds over a sliding window of the last seconds are evaluated on such a merge.
     *
     * @param snapshots consecutive snapshots, oldest first
     * @return the merge
     */
    public static MetricsSnapshot merge(List<MetricsSnapshot> snapshots) {
        if (snapshots.size() == 1) {
            return snapshots.get(0);
        }
        Duration window = snapshots.stream().map(MetricsSnapshot::window).reduce(Duration.ZERO, Duration::plus);
        MetricsSnapshot last = snapshots.get(snapshots.size() - 1);
        Map<List<Object>, List<MetricStats>> byKey = new LinkedHashMap<>();
        for (MetricsSnapshot snapshot : snapshots) {
            for (MetricStats stats : snapshot.series()) {
                byKey.computeIfAbsent(List.of(stats.metric(), stats.tags()), key -> new ArrayList<>()).add(stats);
            }
        }
        MetricsSnapshot empty = new MetricsSnapshot(window, last.metrics(), last.requestMetrics(), List.of());
        List<MetricStats> merged = new ArrayList<>();
        byKey.values().forEach(parts -> {
            MetricStats newest = parts.get(parts.size() - 1);
            MetricStats sum = empty.merge(newest.metric(), newest.tags(), parts);
            // A gauge's value is its newest, not the sum over time.
            merged.add(newest.metric().type() == MetricType.GAUGE ? new MetricStats(newest.metric(), newest.tags(), window,
                    null, null, 0, 0, newest.value(), parts.stream().mapToLong(MetricStats::max).max().orElse(0)) : sum);
        });
        return new MetricsSnapshot(window, last.metrics(), last.requestMetrics(), merged);
    }

    private MetricStats merge(Metric metric, Tags tags, List<MetricStats> parts) {
        Distribution distribution = null;
        Distribution serviceTime = null;
        if (metric.type() == MetricType.TREND) {
            distribution = Distribution.merge(parts.stream().map(MetricStats::distribution).toList(), metric.unit());
            if (!parts.isEmpty() && parts.stream().allMatch(stats -> stats.serviceTime() != null)) {
                serviceTime = Distribution.merge(parts.stream().map(MetricStats::serviceTime).toList(), metric.unit());
            }
        }
        long count = 0;
        long trues = 0;
        long value = 0;
        long max = 0;
        for (MetricStats part : parts) {
            count += part.count();
            trues += part.trues();
            value += part.value();
            max += part.max();
        }
        return new MetricStats(metric, tags, window, distribution, serviceTime, count, trues, value, max);
    }

    /**
     * The series of a metric grouped by request name, each group merged: the rows of a per-request table.
     *
     * @param name the metric's name
     * @return one merged entry per distinct {@link Tags#NAME}, in order of first appearance
     */
    public List<MetricStats> byRequestName(String name) {
        List<String> names = new ArrayList<>();
        for (MetricStats stats : series(name)) {
            if (stats.name() != null && !names.contains(stats.name())) {
                names.add(stats.name());
            }
        }
        return names.stream()
                .map(requestName -> aggregate(name, Map.of(Tags.NAME, requestName)).orElseThrow())
                .toList();
    }
}
