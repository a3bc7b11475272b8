package dev.loadkit.report.influxdb;

import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.MetricStats;

import java.util.Locale;
import java.util.Map;

/**
 * InfluxDB's line protocol for one interval of a series: the measurement is the metric's name, as k6 writes it
 * ({@code http_req_duration}), the tags are the series' tags, and the fields say what the interval measured:
 * {@code value} for a counter (its count in the interval), a gauge and a rate (with {@code passes} and
 * {@code fails}); {@code count}, {@code mean}, {@code min}, {@code max}, {@code p50}, {@code p90}, {@code p95} and
 * {@code p99} for a trend, in milliseconds for times. Every field is a float, so that a field's type never
 * changes between points.
 */
final class LineProtocol {

    private static final double[] PERCENTILES = {50, 90, 95, 99};

    private LineProtocol() {
    }

    /** Appends a series' line, unless it had no samples in the interval. */
    static void append(StringBuilder lines, MetricStats stats, long timestampMillis) {
        StringBuilder fields = new StringBuilder();
        switch (stats.metric().type()) {
            case COUNTER -> field(fields, "value", stats.count());
            case GAUGE -> field(fields, "value", stats.value());
            case RATE -> {
                if (stats.count() == 0) {
                    return;
                }
                field(fields, "value", stats.rate());
                field(fields, "passes", stats.trues());
                field(fields, "fails", stats.falses());
            }
            case TREND -> {
                Distribution distribution = stats.distribution();
                if (distribution.count() == 0) {
                    return;
                }
                field(fields, "count", distribution.count());
                field(fields, "mean", distribution.mean());
                field(fields, "min", distribution.min());
                field(fields, "max", distribution.max());
                for (double percentile : PERCENTILES) {
                    field(fields, "p" + (int) percentile, distribution.percentile(percentile));
                }
            }
        }
        lines.append(name(stats.metric().name()));
        for (Map.Entry<String, String> tag : stats.tags().asMap().entrySet()) {
            if (!tag.getValue().isEmpty()) {
                lines.append(',').append(name(tag.getKey())).append('=').append(name(tag.getValue()));
            }
        }
        lines.append(' ').append(fields).append(' ').append(timestampMillis).append('\n');
    }

    private static void field(StringBuilder fields, String name, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        if (fields.length() > 0) {
            fields.append(',');
        }
        fields.append(name).append('=').append(String.format(Locale.ROOT, "%s", value));
    }

    /** A measurement, tag key or tag value: commas, equals signs and spaces escaped, as the protocol wants. */
    static String name(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '=' || c == ' ' || c == '\\') {
                escaped.append('\\');
            } else if (c == '\n' || c == '\r') {
                escaped.append("\\ ");
                continue;
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
