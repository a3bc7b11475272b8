package dev.loadkit.report.compare;

import dev.loadkit.core.ConfigurationException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regressions {@code --max-regression} allows, such as {@code p95=10%,error_rate=0.5pp,rps=-5%}:
 * latencies may grow by a share ({@code 10%}) or by milliseconds ({@code 50ms}), the error rate by
 * percentage points ({@code 0.5pp}), and throughput may fall by a share ({@code -5%}).
 */
final class Limits {

    /** One allowance: how far a measure may move the wrong way, as a share or in its own unit. */
    record Limit(String measure, double amount, boolean relative, String text) {

        /** Whether a change from baseline to current goes further than allowed. */
        boolean exceeded(double baseline, double current) {
            if (measure.equals("rps")) {
                double drop = relative ? (baseline == 0 ? 0 : (current - baseline) / baseline * 100) : current - baseline;
                return drop < amount;
            }
            if (measure.equals("error_rate")) {
                return (current - baseline) * 100 > amount;
            }
            double growth = relative ? (baseline == 0 ? (current > 0 ? Double.POSITIVE_INFINITY : 0)
                    : (current - baseline) / baseline * 100) : current - baseline;
            return growth > amount;
        }
    }

    private final Map<String, Limit> limits;

    private Limits(Map<String, Limit> limits) {
        this.limits = limits;
    }

    static Limits none() {
        return new Limits(Map.of());
    }

    static Limits parse(String text) {
        Map<String, Limit> limits = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            String[] parts = item.trim().split("=", 2);
            if (parts.length != 2) {
                throw mistake(item);
            }
            String measure = parts[0].trim();
            String value = parts[1].trim();
            if (Arrays.stream(SummaryFile.MEASURES).noneMatch(measure::equals)) {
                throw new ConfigurationException("--max-regression: unknown measure '" + measure + "'; use "
                        + String.join(", ", SummaryFile.MEASURES));
            }
            limits.put(measure, limit(measure, value, item));
        }
        return new Limits(limits);
    }

    private static Limit limit(String measure, String value, String item) {
        String unit = measure.equals("error_rate") ? "pp" : value.endsWith("%") ? "%" : "ms";
        if (!value.endsWith(unit) || measure.equals("rps") && !unit.equals("%")) {
            throw mistake(item);
        }
        try {
            double amount = Double.parseDouble(value.substring(0, value.length() - unit.length()));
            return new Limit(measure, amount, unit.equals("%"), value);
        } catch (NumberFormatException e) {
            throw mistake(item);
        }
    }

    private static ConfigurationException mistake(String item) {
        return new ConfigurationException("--max-regression: invalid limit '" + item.trim()
                + "': use p95=10% or p95=50ms for latency, error_rate=0.5pp, rps=-5%");
    }

    Map<String, Limit> limits() {
        return limits;
    }
}
