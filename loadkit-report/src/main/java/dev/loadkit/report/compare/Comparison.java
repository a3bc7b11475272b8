package dev.loadkit.report.compare;

import dev.loadkit.report.internal.Text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Two runs side by side: per request name and per measure, baseline, current, change and verdict. */
final class Comparison {

    private static final List<String> SHOWN = List.of("p50", "p95", "p99", "rps", "error_rate");

    /** One measure of one request name. */
    record Line(String name, String measure, Double baseline, Double current, String change, String verdict, boolean regressed) {
    }

    private final SummaryFile baseline;
    private final SummaryFile current;
    private final List<Line> lines = new ArrayList<>();

    Comparison(SummaryFile baseline, SummaryFile current, Limits limits) {
        this.baseline = baseline;
        this.current = current;
        Set<String> names = new LinkedHashSet<>(baseline.rows().keySet());
        names.addAll(current.rows().keySet());
        Set<String> measures = new LinkedHashSet<>(SHOWN);
        measures.addAll(limits.limits().keySet());
        for (String name : names) {
            Map<String, Double> before = baseline.rows().get(name);
            Map<String, Double> after = current.rows().get(name);
            for (String measure : measures) {
                Double was = before == null ? null : before.get(measure);
                Double is = after == null ? null : after.get(measure);
                lines.add(line(name, measure, was, is, limits.limits().get(measure)));
            }
        }
    }

    private static Line line(String name, String measure, Double was, Double is, Limits.Limit limit) {
        if (was == null || is == null) {
            return new Line(name, measure, was, is, "", was == null ? "new" : "gone", false);
        }
        String change = measure.equals("error_rate") ? signed((is - was) * 100) + "pp"
                : was == 0 ? (is == 0 ? "0%" : "new") : signed((is - was) / was * 100) + "%";
        boolean regressed = limit != null && limit.exceeded(was, is);
        String verdict = regressed ? "REGRESSED (limit " + limit.text() + ")" : limit != null ? "ok" : "";
        return new Line(name, measure, was, is, change, verdict, regressed);
    }

    private static String signed(double value) {
        String text = Text.number(value, 2);
        return value > 0 ? "+" + text : text;
    }

    boolean regressed() {
        return lines.stream().anyMatch(Line::regressed);
    }

    List<Line> lines() {
        return lines;
    }

    String baselineName() {
        return baseline.name();
    }

    String currentName() {
        return current.name();
    }

    static String value(String measure, Double value) {
        if (value == null) {
            return "-";
        }
        return switch (measure) {
            case "error_rate" -> Text.number(value * 100, 3) + "%";
            case "rps" -> Text.number(value, 1) + "/s";
            default -> Text.number(value, 2) + " ms";
        };
    }
}
