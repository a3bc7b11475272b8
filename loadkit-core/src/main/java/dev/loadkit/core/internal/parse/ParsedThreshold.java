package dev.loadkit.core.internal.parse;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A threshold as written in k6's syntax, like {@code http_req_duration{name:get vm}: p(95)<500, abortOnFail}.
 *
 * @param expression the threshold as the user wrote it, trimmed; quoted back in messages and reports
 * @param metric the metric's name
 * @param tagFilter the tags a sample must carry to count, unmodifiable, in the order written; empty for all samples
 * @param aggregation how the metric's samples are reduced to one number
 * @param percentile the percentile, above 0 and at most 100, for {@link Aggregation#PERCENTILE}; otherwise NaN
 * @param operator how the aggregated number is compared with the limit
 * @param limit the number the aggregated value is compared with
 * @param abortOnFail whether failing this threshold stops the test
 * @param delayAbortEval how long after the start the threshold may first abort the test; zero when not given
 */
public record ParsedThreshold(
        String expression,
        String metric,
        Map<String, String> tagFilter,
        Aggregation aggregation,
        double percentile,
        Operator operator,
        double limit,
        boolean abortOnFail,
        Duration delayAbortEval) {

    /**
     * The name that makes a threshold judge the recovery of the others, in seconds: {@code recovery: <60s}.
     * Its aggregation is {@link Aggregation#VALUE} (the longest recovery) and its limit is in seconds.
     */
    public static final String RECOVERY = "recovery";

    /** How a metric's samples are reduced to the one number a threshold tests. */
    public enum Aggregation {
        /** The mean of a trend. */
        AVG("avg"),
        /** The smallest value of a trend. */
        MIN("min"),
        /** The largest value of a trend. */
        MAX("max"),
        /** The median of a trend. */
        MED("med"),
        /** A percentile of a trend; its k6 text is a template because the percentile is part of it. */
        PERCENTILE("p(N)"),
        /** The total of a counter. */
        COUNT("count"),
        /** The rate of a counter per second, or the share of true samples of a rate. */
        RATE("rate"),
        /** The last value of a gauge. */
        VALUE("value");

        private final String text;

        Aggregation(String text) {
            this.text = text;
        }

        /**
         * Returns how k6 writes this aggregation.
         *
         * @return the k6 text, such as {@code avg}; {@code p(N)} for {@link #PERCENTILE}
         */
        public String text() {
            return text;
        }
    }

    /** How a threshold compares the aggregated value with its limit. */
    public enum Operator {
        /** Less than. */
        LT("<"),
        /** Less than or equal to. */
        LE("<="),
        /** Greater than. */
        GT(">"),
        /** Greater than or equal to. */
        GE(">="),
        /** Equal to. */
        EQ("=="),
        /** Not equal to. */
        NE("!=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /**
         * Returns how k6 writes this operator.
         *
         * @return the symbol, such as {@code <=}
         */
        public String symbol() {
            return symbol;
        }

        /**
         * Tells whether a measured value passes the threshold.
         *
         * @param actual the aggregated value of the metric
         * @param limit the threshold's limit
         * @return true if {@code actual OPERATOR limit} holds
         */
        public boolean test(double actual, double limit) {
            return switch (this) {
                case LT -> actual < limit;
                case LE -> actual <= limit;
                case GT -> actual > limit;
                case GE -> actual >= limit;
                case EQ -> actual == limit;
                case NE -> actual != limit;
            };
        }
    }

    /**
     * Creates a threshold, copying the tag filter so later changes to the caller's map do not leak in.
     *
     * @param expression the threshold as the user wrote it, trimmed
     * @param metric the metric's name
     * @param tagFilter the tags a sample must carry to count, in the order written
     * @param aggregation how the metric's samples are reduced to one number
     * @param percentile the percentile for {@link Aggregation#PERCENTILE}; otherwise NaN
     * @param operator how the aggregated number is compared with the limit
     * @param limit the number the aggregated value is compared with
     * @param abortOnFail whether failing this threshold stops the test
     * @param delayAbortEval how long after the start the threshold may first abort the test
     */
    public ParsedThreshold {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(metric, "metric");
        tagFilter = Collections.unmodifiableMap(new LinkedHashMap<>(tagFilter));
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(delayAbortEval, "delayAbortEval");
    }

    /**
     * Returns the condition in normalized form, such as {@code p(95)<500} or {@code rate<0.01}.
     *
     * @return the aggregation, operator and limit without spaces or needless digits
     */
    public String condition() {
        if (metric.equals(RECOVERY)) {
            return operator.symbol() + number(limit) + "s";
        }
        String aggregated = aggregation == Aggregation.PERCENTILE ? "p(" + number(percentile) + ")" : aggregation.text();
        return aggregated + operator.symbol() + number(limit);
    }

    // Double.toString would print 500.0 and 1.0E-4, which users never write.
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
