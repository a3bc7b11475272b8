package dev.loadkit.core;

import dev.loadkit.core.internal.parse.ParsedThreshold;

import java.util.function.DoubleFunction;

/**
 * The verdict of one threshold.
 *
 * @param expression the threshold as written
 * @param metric the metric it tests
 * @param condition the condition, normalized, such as {@code p(95)<500}
 * @param passed whether the condition held
 * @param actual the measured value that the condition tested, in milliseconds for trends of time and in
 *               seconds for the recovery; {@code NaN} when there were no samples to judge; positive infinity
 *               for a recovery that never came
 */
public record ThresholdResult(String expression, String metric, String condition, boolean passed, double actual) {

    /**
     * The measured value as reports print it.
     *
     * @param number how to print a number
     * @return {@code no samples}, {@code not recovered}, or the number (with {@code s} for the recovery)
     */
    public String actualText(DoubleFunction<String> number) {
        if (Double.isNaN(actual)) {
            return "no samples";
        }
        if (Double.isInfinite(actual)) {
            return "not recovered";
        }
        return number.apply(actual) + (metric.equals(ParsedThreshold.RECOVERY) ? "s" : "");
    }
}
