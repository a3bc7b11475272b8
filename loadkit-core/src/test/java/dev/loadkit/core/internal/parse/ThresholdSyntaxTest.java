package dev.loadkit.core.internal.parse;

import static dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation.AVG;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation.COUNT;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation.MAX;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation.MED;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation.MIN;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation.PERCENTILE;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation.RATE;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation.VALUE;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Operator.EQ;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Operator.GE;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Operator.GT;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Operator.LE;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Operator.LT;
import static dev.loadkit.core.internal.parse.ParsedThreshold.Operator.NE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadkit.core.ConfigurationException;
import dev.loadkit.core.internal.parse.ParsedThreshold.Aggregation;
import dev.loadkit.core.internal.parse.ParsedThreshold.Operator;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdSyntaxTest {

    private static final double NONE = Double.NaN;

    static Stream<Arguments> validThresholds() {
        return Stream.of(
                threshold("http_req_duration: p(95)<500", "http_req_duration", Map.of(), PERCENTILE, 95, LT, 500),
                threshold("http_req_duration{name:create vm}: p(95)<500",
                        "http_req_duration", Map.of("name", "create vm"), PERCENTILE, 95, LT, 500),
                threshold("http_req_duration{name:get vm,method:GET}: p(99.9) <= 1000",
                        "http_req_duration", Map.of("name", "get vm", "method", "GET"), PERCENTILE, 99.9, LE, 1000),
                threshold("http_req_duration { name : get vm , method:GET } : p( 100 ) <= 1000",
                        "http_req_duration", Map.of("name", "get vm", "method", "GET"), PERCENTILE, 100, LE, 1000),
                threshold("checks{url:http://host:8080/x}: rate>0.99", "checks", Map.of("url", "http://host:8080/x"),
                        RATE, NONE, GT, 0.99),
                threshold("http_req_failed: rate<0.01", "http_req_failed", Map.of(), RATE, NONE, LT, 0.01),
                threshold("http_reqs: rate>100", "http_reqs", Map.of(), RATE, NONE, GT, 100),
                threshold("http_reqs: count>=1000", "http_reqs", Map.of(), COUNT, NONE, GE, 1000),
                threshold("iteration_duration: avg<200", "iteration_duration", Map.of(), AVG, NONE, LT, 200),
                threshold("iteration_duration: min > 1", "iteration_duration", Map.of(), MIN, NONE, GT, 1),
                threshold("iteration_duration:max<2.5e3", "iteration_duration", Map.of(), MAX, NONE, LT, 2500),
                threshold("iteration_duration: med<.5", "iteration_duration", Map.of(), MED, NONE, LT, 0.5),
                threshold("vus: value==10", "vus", Map.of(), VALUE, NONE, EQ, 10),
                threshold("my.metric_2: value!=-1.5E-3", "my.metric_2", Map.of(), VALUE, NONE, NE, -0.0015),
                threshold("_x: value>+5", "_x", Map.of(), VALUE, NONE, GT, 5),
                threshold("  http_reqs: count>0  ", "http_reqs", Map.of(), COUNT, NONE, GT, 0));
    }

    private static Arguments threshold(String text, String metric, Map<String, String> tags, Aggregation aggregation,
            double percentile, Operator operator, double limit) {
        return Arguments.of(text, new ParsedThreshold(text.strip(), metric, tags, aggregation, percentile, operator,
                limit, false, Duration.ZERO));
    }

    @ParameterizedTest
    @MethodSource("validThresholds")
    void parsesValidThresholds(String text, ParsedThreshold expected) {
        assertThat(ThresholdSyntax.parse(text)).isEqualTo(expected);
    }

    @Test
    void keepsTagsInOrderWrittenAndUnmodifiable() {
        Map<String, String> tags = ThresholdSyntax.parse("m{b:1,a:2,c:3}: avg<1").tagFilter();
        assertThat(tags.keySet()).containsExactly("b", "a", "c");
        assertThatThrownBy(() -> tags.put("d", "4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http_req_duration: p(95)<500, abortOnFail                         | true | 0s",
            "http_req_duration: p(95)<500, abortOnFail, delayAbortEval=10s     | true | 10s",
            "http_req_duration: p(95)<500,delayAbortEval = 1m30s ,abortOnFail  | true | 1m30s"})
    void parsesOptions(String text, boolean abortOnFail, String delay) {
        ParsedThreshold threshold = ThresholdSyntax.parse(text);
        assertThat(threshold.abortOnFail()).isEqualTo(abortOnFail);
        assertThat(threshold.delayAbortEval()).isEqualTo(DurationSyntax.parse(delay));
        assertThat(threshold.condition()).isEqualTo("p(95)<500");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http_req_duration: p(95)<500                 | p(95)<500",
            "http_req_duration: p(99.9) <= 1000.0         | p(99.9)<=1000",
            "http_req_failed: rate<0.01                   | rate<0.01",
            "http_reqs: count >= 1e3                      | count>=1000",
            "iteration_duration: avg<200.50               | avg<200.5",
            "iteration_duration: min>0.0001               | min>0.0001",
            "iteration_duration: max==1.5E-3              | max==0.0015",
            "iteration_duration: med!=-0                  | med!=0",
            "vus: value>-5                                | value>-5",
            "http_req_duration{name:x}: p(95)<500, abortOnFail | p(95)<500"})
    void normalizesCondition(String text, String condition) {
        assertThat(ThresholdSyntax.parse(text).condition()).isEqualTo(condition);
    }

    @ParameterizedTest
    @CsvSource({
            "LT, 1, 2, true", "LT, 2, 2, false",
            "LE, 2, 2, true", "LE, 3, 2, false",
            "GT, 3, 2, true", "GT, 2, 2, false",
            "GE, 2, 2, true", "GE, 1, 2, false",
            "EQ, 2, 2, true", "EQ, 1, 2, false",
            "NE, 1, 2, true", "NE, 2, 2, false"})
    void operatorsCompareActualWithLimit(Operator operator, double actual, double limit, boolean passes) {
        assertThat(operator.test(actual, limit)).isEqualTo(passes);
    }

    @Test
    void enumsCarryK6Text() {
        assertThat(Stream.of(Aggregation.values()).map(Aggregation::text))
                .containsExactly("avg", "min", "max", "med", "p(N)", "count", "rate", "value");
        assertThat(Stream.of(Operator.values()).map(Operator::symbol))
                .containsExactly("<", "<=", ">", ">=", "==", "!=");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "http_req_duration p95<500", "http_req_duration", "http_req_duration:", ": p(95)<500", "1xx: avg<1",
            "http-req: avg<1", "{name:x}: avg<1", "m{name:x} avg<1", "m: <500", "m: avg", "m: avg 500", "m: avg<",
            "m: avg< , abortOnFail"})
    void rejectsMalformedThresholds(String text) {
        String shown = text == null ? "" : text.strip();
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid threshold '" + shown
                        + "': use METRIC: AGGREGATION OPERATOR VALUE, like 'http_req_duration: p(95)<500'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http_req_duration: p95<500   | p95",
            "http_req_duration: P(95)<500 | P(95)",
            "http_req_duration: AVG<500   | AVG",
            "http_req_duration: p<500     | p",
            "http_req_duration: mean<500  | mean"})
    void rejectsUnknownAggregations(String text, String aggregation) {
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown aggregation '" + aggregation + "' in threshold '" + text
                        + "': use avg, min, max, med, p(N), count, rate or value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"p(0)", "p(100.1)", "p(-5)", "p()", "p(", "p(95", "p(abc)", "p(N)", "p(95) x", "p(1e3)"})
    void rejectsBadPercentiles(String aggregation) {
        String text = "http_req_duration: " + aggregation + "<500";
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid percentile '" + aggregation + "' in threshold '" + text
                        + "': use p(N) with N above 0 and at most 100, like p(95) or p(99.9)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "!", "=<", "<>", "===", "<=="})
    void rejectsUnknownOperators(String operator) {
        String text = "http_reqs: count" + operator + "5";
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid operator '" + operator + "' in threshold '" + text + "': use <, <=, >, >=, == or !=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "NaN", "Infinity", "0x10", "5d", "1e999", "1 000", "5ms", "1e", "."})
    void rejectsBadLimits(String limit) {
        String text = "http_reqs: count>" + limit;
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid limit '" + limit + "' in threshold '" + text + "': use a number, like 500, 0.01 or 1e3");
    }

    @Test
    void rejectsUnterminatedTagFilter() {
        String text = "http_req_duration{name:get vm: p(95)<500";
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unterminated '{' in threshold '" + text
                        + "': close the tag filter with '}', like 'http_req_duration{name:get vm}: p(95)<500'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "m{:x}: avg<1              | empty tag key",
            "m{ : x}: avg<1            | empty tag key",
            "m{a:1,:x}: avg<1          | empty tag key",
            "m{name:}: avg<1           | empty value for tag 'name'",
            "m{name}: avg<1            | invalid tag filter 'name'",
            "m{}: avg<1                | invalid tag filter ''",
            "m{a:1,}: avg<1            | invalid tag filter ''"})
    void rejectsBadTagFilters(String text, String problem) {
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(problem + " in threshold '" + text
                        + "': use {TAG:VALUE,...}, like 'http_req_duration{name:get vm}: p(95)<500'");
    }

    @Test
    void rejectsDuplicateTags() {
        String text = "m{name:a, name:b}: avg<1";
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("duplicate tag 'name' in threshold '" + text + "': give each tag once");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "m: avg<1, abortOnfail              | abortOnfail",
            "m: avg<1, abortOnFail=true         | abortOnFail=true",
            "m: avg<1, abortOnFail, delayAbortEval | delayAbortEval",
            "m: avg<1, abortOnFail,             | ''",
            "m: avg<1, gracePeriod=10s          | gracePeriod=10s"})
    void rejectsUnknownOptions(String text, String option) {
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("unknown option '" + option + "' in threshold '" + text
                        + "': use abortOnFail or delayAbortEval=DURATION");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "m: avg<1, abortOnFail, abortOnFail                           | abortOnFail",
            "m: avg<1, abortOnFail, delayAbortEval=1s, delayAbortEval=2s  | delayAbortEval"})
    void rejectsDuplicateOptions(String text, String option) {
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("duplicate option '" + option + "' in threshold '" + text + "': give each option once");
    }

    @Test
    void rejectsDelayWithoutAbort() {
        String text = "m: avg<1, delayAbortEval=10s";
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("option 'delayAbortEval' without abortOnFail in threshold '" + text
                        + "': add abortOnFail or drop delayAbortEval");
    }

    @Test
    void reportsBadDelayWithDurationMessage() {
        assertThatThrownBy(() -> ThresholdSyntax.parse("m: avg<1, abortOnFail, delayAbortEval=10x"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid duration '10x': use a number with a unit, like 30s, 5m, 1h30m or 250ms (a bare number counts seconds)");
    }

    @Test
    void readsARecoveryThresholdInSeconds() {
        ParsedThreshold recovery = ThresholdSyntax.parse("recovery{metric:http_req_duration}: <=1m30s");
        assertThat(recovery.metric()).isEqualTo(ParsedThreshold.RECOVERY);
        assertThat(recovery.tagFilter()).isEqualTo(Map.of("metric", "http_req_duration"));
        assertThat(recovery.operator()).isEqualTo(LE);
        assertThat(recovery.limit()).isEqualTo(90.0);
        assertThat(recovery.condition()).isEqualTo("<=90s");
        assertThat(ThresholdSyntax.parse("recovery: <60").condition()).isEqualTo("<60s");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "recovery{name:x}: <60s | unknown tag 'name' in threshold 'recovery{name:x}: <60s': a recovery threshold "
                    + "takes only {metric:NAME}, like 'recovery: <60s'",
            "recovery: <60s, abortOnFail | options on a recovery threshold in threshold 'recovery: <60s, abortOnFail': "
                    + "it is judged at the end of the run; drop the options, like 'recovery: <60s'",
            "recovery: 60s | invalid condition '60s' in threshold 'recovery: 60s': use OPERATOR DURATION, like 'recovery: <60s'",
            "recovery: <soon | invalid duration 'soon': use a number with a unit, like 30s, 5m, 1h30m or 250ms "
                    + "(a bare number counts seconds)"})
    void rejectsAMalformedRecoveryThreshold(String text, String message) {
        assertThatThrownBy(() -> ThresholdSyntax.parse(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(message);
    }
}
