package dev.loadkit.core;

/**
 * The verdict of one threshold.
 *
 * @param expression the threshold as written
 * @param metric the metric it tests
 * @param condition the condition, normalized, such as {@code p(95)<500}
 * @param passed whether the condition held
 * @param actual the measured value that the condition tested, in milliseconds for trends of time;
 *               {@code NaN} when there were no samples to judge
 */
public record ThresholdResult(String expression, String metric, String condition, boolean passed, double actual) {
}
