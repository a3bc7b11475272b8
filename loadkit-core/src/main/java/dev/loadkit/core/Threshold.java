package dev.loadkit.core;

import dev.loadkit.core.internal.parse.ParsedThreshold;
import dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation;
import dev.loadkit.core.internal.parse.ThresholdSyntax;
import dev.loadkit.core.metrics.Distribution;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.MetricStats;
import dev.loadkit.core.metrics.MetricType;
import dev.loadkit.core.metrics.MetricsSnapshot;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pass/fail criterion in k6's syntax, such as {@code http_req_duration{name:create vm}: p(95)<500} or
 * {@code http_req_failed: rate<0.01, abortOnFail, delayAbortEval=10s}. Trend values are in
 * milliseconds. A failed threshold makes the run exit with code 1; one marked {@code abortOnFail} also
 * stops the run as soon as it fails, after its delay.
 *
 * <p>{@code recovery: <60s} judges the others over the run's sliding windows (see {@link ThresholdWindow}):
 * every threshold that broke must pass again within that time once the load dropped. It passes when none
 * broke, and fails when one broke and never recovered (the load never dropped, or it stayed broken).
 * {@code recovery{metric:http_req_duration}: <60s} judges only the thresholds on that metric.
 */
public final class Threshold {

    private final ParsedThreshold parsed;

    private Threshold(ParsedThreshold parsed) {
        this.parsed = parsed;
    }

    /**
     * Parses a threshold.
     *
     * @param expression the threshold in k6's syntax
     * @return the threshold
     * @throws ConfigurationException when the expression is not valid
     */
    public static Threshold parse(String expression) {
        return new Threshold(ThresholdSyntax.parse(expression));
    }

    /**
     * The threshold as written.
     *
     * @return the expression
     */
    public String expression() {
        return parsed.expression();
    }

    /**
     * The metric the threshold tests.
     *
     * @return the metric's name
     */
    public String metric() {
        return parsed.metric();
    }

    /**
     * The tags that a series must have to count.
     *
     * @return the filter, empty for all series of the metric
     */
    public Map<String, String> tagFilter() {
        return parsed.tagFilter();
    }

    /**
     * The condition, normalized, such as {@code p(95)<500}.
     *
     * @return the condition
     */
    public String condition() {
        return parsed.condition();
    }

    /**
     * Whether a failure stops the run.
     *
     * @return true for {@code abortOnFail}
     */
    public boolean abortOnFail() {
        return parsed.abortOnFail();
    }

    /**
     * How long after the start a failure may first stop the run.
     *
     * @return the delay, zero by default
     */
    public Duration delayAbortEval() {
        return parsed.delayAbortEval();
    }

    /**
     * Whether this threshold judges the recovery of the others ({@code recovery: <60s}) rather than a metric.
     *
     * @return true for a recovery threshold
     */
    public boolean judgesRecovery() {
        return parsed.metric().equals(ParsedThreshold.RECOVERY);
    }

    /**
     * Checks that the test defines the metric and that the aggregation fits its type, so that a typo
     * fails the run at its start rather than passing silently at its end.
     *
     * @param defined the metrics the test defines
     * @throws ConfigurationException when the metric is unknown or the aggregation does not apply
     */
    public void checkAgainst(MetricsSnapshot defined) {
        if (judgesRecovery()) {
            return;
        }
        Metric metric = defined.metric(parsed.metric()).orElseThrow(() -> new ConfigurationException(
                "threshold '" + expression() + "' names metric '" + parsed.metric()
                        + "', which this test does not define; defined: "
                        + String.join(", ", defined.metrics().stream().map(Metric::name).sorted().toList())));
        if (!applicable(metric.type()).contains(parsed.aggregation())) {
            throw new ConfigurationException("threshold '" + expression() + "': " + metric.name() + " is a "
                    + metric.type().name().toLowerCase() + ", which has no '" + parsed.aggregation().text()
                    + "'; use " + String.join(", ", applicable(metric.type()).stream().map(Aggregation::text).toList()));
        }
    }

    /**
     * Evaluates the threshold over some metrics: a whole run, or a window of it. A trend or a rate with
     * no samples (say, a tag filter that names no request) has nothing to judge: its actual value is
     * {@code NaN} and the threshold fails, rather than passing silently.
     *
     * @param metrics the metrics
     * @return the verdict and the measured value
     */
    public ThresholdResult evaluate(MetricsSnapshot metrics) {
        if (judgesRecovery()) {
            throw new IllegalStateException("'" + expression() + "' judges the recovery: use evaluateRecovery");
        }
        MetricStats stats = metrics.aggregate(parsed.metric(), parsed.tagFilter())
                .orElseThrow(() -> new ConfigurationException("threshold '" + expression()
                        + "' names a metric this test does not define"));
        double actual = aggregate(stats);
        boolean passed = !Double.isNaN(actual) && parsed.operator().test(actual, parsed.limit());
        return new ThresholdResult(expression(), metric(), condition(), passed, actual);
    }

    /**
     * Checks that a recovery threshold has thresholds to judge, so that it cannot pass for want of them.
     *
     * @param others every threshold of the run
     * @throws ConfigurationException when no other threshold is on the metric it names (or on any metric)
     */
    public void checkRecoveryOf(List<Threshold> others) {
        String only = parsed.tagFilter().get("metric");
        boolean judged = others.stream().anyMatch(other -> !other.judgesRecovery()
                && (only == null || other.metric().equals(only)));
        if (!judged) {
            throw new ConfigurationException("threshold '" + expression() + "' judges how the other thresholds"
                    + (only == null ? "" : " on " + only) + " recover once the load drops, but there is none; add one,"
                    + " like '" + (only == null ? "http_req_duration" : only) + ": p(95)<500'");
        }
    }

    /**
     * Evaluates a recovery threshold over the other thresholds' sliding windows: its value is the longest
     * time, in seconds, that a broken threshold took to pass again once the load dropped; positive infinity
     * when one never did (see {@link ThresholdResult#actualText}); zero when none broke.
     *
     * @param windows each other threshold over the run's sliding windows
     * @return the verdict
     */
    public ThresholdResult evaluateRecovery(List<ThresholdWindow> windows) {
        if (!judgesRecovery()) {
            throw new IllegalStateException("'" + expression() + "' does not judge the recovery: use evaluate");
        }
        String only = parsed.tagFilter().get("metric");
        double longest = 0;
        for (ThresholdWindow window : windows) {
            if (window.firstFailedAtSeconds() != null && (only == null || window.metric().equals(only))) {
                longest = Math.max(longest, window.recoverySeconds() == null
                        ? Double.POSITIVE_INFINITY : window.recoverySeconds());
            }
        }
        return new ThresholdResult(expression(), metric(), condition(),
                parsed.operator().test(longest, parsed.limit()), longest);
    }

    private double aggregate(MetricStats stats) {
        Distribution distribution = stats.distribution();
        boolean noSamples = stats.metric().type() == MetricType.TREND && distribution.count() == 0
                || stats.metric().type() == MetricType.RATE && stats.count() == 0;
        if (noSamples && parsed.aggregation() != Aggregation.COUNT) {
            return Double.NaN;
        }
        return switch (parsed.aggregation()) {
            case AVG -> distribution.mean();
            case MIN -> distribution.min();
            case MAX -> stats.metric().type() == MetricType.GAUGE ? stats.max() : distribution.max();
            case MED -> distribution.median();
            case PERCENTILE -> distribution.percentile(parsed.percentile());
            case COUNT -> stats.count();
            case RATE -> stats.rate();
            case VALUE -> stats.value();
        };
    }

    private static Set<Aggregation> applicable(MetricType type) {
        return switch (type) {
            case TREND -> EnumSet.of(Aggregation.AVG, Aggregation.MIN, Aggregation.MAX, Aggregation.MED,
                    Aggregation.PERCENTILE, Aggregation.COUNT);
            case COUNTER -> EnumSet.of(Aggregation.COUNT, Aggregation.RATE);
            case RATE -> EnumSet.of(Aggregation.RATE);
            case GAUGE -> EnumSet.of(Aggregation.VALUE, Aggregation.MAX);
        };
    }

    @Override
    public String toString() {
        return expression();
    }
}
