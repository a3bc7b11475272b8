package dev.loadkit.core.internal.parse;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation;
import dev.loadkit.core.internal.parse.ParsedThreshold.Operator;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * k6's threshold syntax in one string: {@code METRIC[{TAG:VALUE,...}]: AGGREGATION OPERATOR NUMBER[, OPTION...]},
 * like {@code http_req_duration{name:get vm}: p(95)<500, abortOnFail, delayAbortEval=10s}; and the recovery's
 * {@code recovery[{metric:NAME}]: OPERATOR DURATION}, like {@code recovery: <60s}.
 *
 * <p>Whether the aggregation suits the metric's type is left to the engine, which knows the types.
 */
public final class ThresholdSyntax {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final String EXAMPLE = "'http_req_duration{name:get vm}: p(95)<500'";

    private final String expression;

    private ThresholdSyntax(String expression) {
        this.expression = expression;
    }

    /**
     * Parses a threshold. Whitespace is allowed around the parts, and tag values may contain spaces.
     *
     * @param text the threshold as the user wrote it
     * @return the threshold
     * @throws ConfigurationException if the text is null or malformed, with a message naming the part to fix
     */
    public static ParsedThreshold parse(String text) {
        return new ThresholdSyntax(text == null ? "" : text.strip()).parse();
    }

    private ParsedThreshold parse() {
        int pos = 0;
        if (!expression.isEmpty() && isMetricStart(expression.charAt(0))) {
            pos = skip(expression, 1, ThresholdSyntax::isMetricPart);
        }
        String metric = expression.substring(0, pos);
        pos = skip(expression, pos, Character::isWhitespace);
        Map<String, String> tags = Map.of();
        if (pos < expression.length() && expression.charAt(pos) == '{') {
            int close = expression.indexOf('}', pos);
            if (close < 0) {
                throw fail("unterminated '{'", "close the tag filter with '}', like " + EXAMPLE);
            }
            tags = tags(expression.substring(pos + 1, close));
            pos = skip(expression, close + 1, Character::isWhitespace);
        }
        if (metric.isEmpty() || pos == expression.length() || expression.charAt(pos) != ':') {
            throw invalid();
        }
        // A condition never contains a comma, so everything after the first one is options.
        String[] parts = expression.substring(pos + 1).split(",", -1);
        String condition = parts[0].strip();
        if (metric.equals(ParsedThreshold.RECOVERY)) {
            return recovery(tags, condition, parts.length > 1);
        }
        int operatorStart = skip(condition, 0, c -> !isOperatorChar(c));
        int operatorEnd = skip(condition, operatorStart, ThresholdSyntax::isOperatorChar);
        String aggregationText = condition.substring(0, operatorStart).strip();
        String limitText = condition.substring(operatorEnd).strip();
        if (aggregationText.isEmpty() || operatorStart == operatorEnd || limitText.isEmpty()) {
            throw invalid();
        }
        Aggregation aggregation = aggregation(aggregationText);
        double percentile = aggregation == Aggregation.PERCENTILE ? percentile(aggregationText) : Double.NaN;
        Operator operator = operator(condition.substring(operatorStart, operatorEnd));
        double limit = limit(limitText);
        Options options = options(Arrays.asList(parts).subList(1, parts.length));
        return new ParsedThreshold(expression, metric, tags, aggregation, percentile, operator, limit,
                options.abortOnFail(), options.delayAbortEval());
    }

    /** {@code recovery[{metric:NAME}]: <60s}: how long the broken thresholds took to pass again once the load dropped. */
    private ParsedThreshold recovery(Map<String, String> tags, String condition, boolean hasOptions) {
        String example = "like 'recovery: <60s'";
        for (String key : tags.keySet()) {
            if (!key.equals("metric")) {
                throw fail("unknown tag '" + key + "'", "a recovery threshold takes only {metric:NAME}, " + example);
            }
        }
        if (hasOptions) {
            throw fail("options on a recovery threshold", "it is judged at the end of the run; drop the options, " + example);
        }
        int operatorEnd = skip(condition, 0, ThresholdSyntax::isOperatorChar);
        String limitText = condition.substring(operatorEnd).strip();
        if (operatorEnd == 0 || limitText.isEmpty()) {
            throw fail("invalid condition '" + condition + "'", "use OPERATOR DURATION, " + example);
        }
        Operator operator = operator(condition.substring(0, operatorEnd));
        double seconds = DurationSyntax.parse(limitText).toNanos() / 1e9;
        return new ParsedThreshold(expression, ParsedThreshold.RECOVERY, tags, Aggregation.VALUE, Double.NaN, operator,
                seconds, false, Duration.ZERO);
    }

    private record Options(boolean abortOnFail, Duration delayAbortEval) {}

    private Options options(List<String> texts) {
        boolean abortOnFail = false;
        Duration delayAbortEval = null;
        for (String text : texts) {
            String option = text.strip();
            int equals = option.indexOf('=');
            String name = (equals < 0 ? option : option.substring(0, equals)).strip();
            if (name.equals("abortOnFail") && equals < 0) {
                if (abortOnFail) {
                    throw duplicateOption(name);
                }
                abortOnFail = true;
            } else if (name.equals("delayAbortEval") && equals >= 0) {
                if (delayAbortEval != null) {
                    throw duplicateOption(name);
                }
                delayAbortEval = DurationSyntax.parse(option.substring(equals + 1));
            } else {
                throw fail("unknown option '" + option + "'", "use abortOnFail or delayAbortEval=DURATION");
            }
        }
        if (delayAbortEval != null && !abortOnFail) {
            throw fail("option 'delayAbortEval' without abortOnFail", "add abortOnFail or drop delayAbortEval");
        }
        return new Options(abortOnFail, delayAbortEval == null ? Duration.ZERO : delayAbortEval);
    }

    private Map<String, String> tags(String body) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String item : body.split(",", -1)) {
            int colon = item.indexOf(':');
            if (colon < 0) {
                throw fail("invalid tag filter '" + item.strip() + "'", "use {TAG:VALUE,...}, like " + EXAMPLE);
            }
            String key = item.substring(0, colon).strip();
            String value = item.substring(colon + 1).strip();
            if (key.isEmpty()) {
                throw fail("empty tag key", "use {TAG:VALUE,...}, like " + EXAMPLE);
            }
            if (value.isEmpty()) {
                throw fail("empty value for tag '" + key + "'", "use {TAG:VALUE,...}, like " + EXAMPLE);
            }
            if (tags.putIfAbsent(key, value) != null) {
                throw fail("duplicate tag '" + key + "'", "give each tag once");
            }
        }
        return tags;
    }

    private Aggregation aggregation(String text) {
        // Any p(...) is meant as a percentile, so a bad one gets the percentile message rather than this one.
        if (text.startsWith("p(")) {
            return Aggregation.PERCENTILE;
        }
        for (Aggregation aggregation : Aggregation.values()) {
            if (aggregation != Aggregation.PERCENTILE && aggregation.text().equals(text)) {
                return aggregation;
            }
        }
        throw fail("unknown aggregation '" + text + "'", "use avg, min, max, med, p(N), count, rate or value");
    }

    private double percentile(String text) {
        String number = text.endsWith(")") ? text.substring(2, text.length() - 1).strip() : "";
        double percentile = NUMBER.matcher(number).matches() ? Double.parseDouble(number) : Double.NaN;
        if (!(percentile > 0 && percentile <= 100)) {
            throw fail("invalid percentile '" + text + "'",
                    "use p(N) with N above 0 and at most 100, like p(95) or p(99.9)");
        }
        return percentile;
    }

    private Operator operator(String symbol) {
        for (Operator operator : Operator.values()) {
            if (operator.symbol().equals(symbol)) {
                return operator;
            }
        }
        throw fail("invalid operator '" + symbol + "'", "use <, <=, >, >=, == or !=");
    }

    private double limit(String text) {
        // The pattern keeps out what Double.parseDouble also reads: NaN, Infinity, hex and type suffixes like 5d.
        double limit = NUMBER.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
        if (!Double.isFinite(limit)) {
            throw fail("invalid limit '" + text + "'", "use a number, like 500, 0.01 or 1e3");
        }
        return limit;
    }

    /** Returns the index of the first character at or after {@code pos} that does not match. */
    private static int skip(String text, int pos, IntPredicate matches) {
        while (pos < text.length() && matches.test(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static boolean isOperatorChar(int c) {
        return "<>=!".indexOf(c) >= 0;
    }

    private static boolean isMetricStart(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
    }

    private static boolean isMetricPart(int c) {
        return isMetricStart(c) || c >= '0' && c <= '9' || c == '.';
    }

    private ConfigurationException duplicateOption(String name) {
        return fail("duplicate option '" + name + "'", "give each option once");
    }

    private ConfigurationException fail(String problem, String fix) {
        return new ConfigurationException(problem + " in threshold '" + expression + "': " + fix);
    }

    private ConfigurationException invalid() {
        return new ConfigurationException("invalid threshold '" + expression
                + "': use METRIC: AGGREGATION OPERATOR VALUE, like 'http_req_duration: p(95)<500'");
    }
}
