package dev.loadkit.novacron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every NovaCron scenario, briefly, against the embedded simulator, through the jar's own command line. */
class NovaCronScenariosTest {

    @TempDir
    Path folder;

    private JsonNode run(String scenario, String... options) throws Exception {
        Path json = folder.resolve(scenario + ".json");
        List<String> args = new ArrayList<>(List.of(scenario, "--json", json.toString(), "--quiet"));
        args.addAll(List.of(options));
        int exitCode = NovaCron.launcher().execute(args.toArray(String[]::new));
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(exitCode).as(summary.path("thresholds").toString()).isEqualTo(summary.path("exitCode").asInt());
        return summary;
    }

    /** A threshold of the summary, by its expression. */
    private static JsonNode threshold(JsonNode summary, String expression) {
        for (JsonNode threshold : summary.path("thresholds")) {
            if (threshold.path("expression").asText().equals(expression)) {
                return threshold;
            }
        }
        throw new AssertionError("no threshold " + expression + " in " + summary.path("thresholds"));
    }

    /**
     * The scenario's latency thresholds say how fast this machine was, which a test cannot promise on a shared
     * one: they must be judged on real samples, and the exit code must follow every verdict.
     */
    private static void assertJudgedOnSamples(JsonNode summary, String... latencyThresholds) {
        for (String expression : latencyThresholds) {
            assertThat(threshold(summary, expression).path("actual").isNumber()).as(expression).isTrue();
        }
        boolean allPassed = true;
        for (JsonNode threshold : summary.path("thresholds")) {
            allPassed &= threshold.path("passed").asBoolean();
        }
        assertThat(summary.path("exitCode").asInt()).as(summary.path("thresholds").toString())
                .isEqualTo(allPassed ? ExitCode.PASSED : ExitCode.THRESHOLD_FAILED);
    }

    private static List<String> requestNames(JsonNode summary) {
        List<String> names = new ArrayList<>();
        summary.path("requests").forEach(request -> names.add(request.path("name").asText()));
        return names;
    }

    @Test
    void smokeTouchesEveryAreaAndPasses() throws Exception {
        JsonNode summary = run("smoke", "--run-time", "10s");

        assertThat(requestNames(summary)).hasSizeGreaterThanOrEqualTo(5)
                .contains("db read", "db complex query", "create vm", "get operation");
        assertThat(summary.path("thresholds")).hasSize(4);
        // Nothing failed, every check held: these verdicts do not depend on the machine's speed.
        assertThat(threshold(summary, "http_req_failed: rate<0.01").path("passed").asBoolean()).isTrue();
        assertThat(threshold(summary, "checks: rate>0.99").path("passed").asBoolean()).isTrue();
        assertJudgedOnSamples(summary, "http_req_duration: p(95)<500", "http_req_duration: p(99)<1000");
        assertThat(summary.path("metrics").path("vm_creation_duration").path("count").asLong()).isPositive();
        assertThat(summary.path("metrics").path("ws_sessions").path("count").asLong()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev-test", "api", "vm", "db", "federation", "soak"})
    void everyScenarioRunsBrieflyAgainstTheEmbeddedTarget(String scenario) throws Exception {
        JsonNode summary = run(scenario, "--users", "10", "--run-time", "4s");

        assertThat(summary.path("metrics").path("http_reqs").path("count").asLong()).isPositive();
        assertThat(summary.path("metrics").path("http_req_failed").path("rate").asDouble()).isLessThan(0.01);
        assertThat(summary.path("thresholds").size()).isPositive();
    }

    @Test
    void benchmarkRunsTheSuiteInSequenceIntoOneReport() throws Exception {
        JsonNode summary = run("benchmark", "--run-time", "20s");

        assertThat(summary.path("parameters").path("workload").asText()).startsWith("in sequence: api (")
                .contains("; vm (", "; ws (", "; db (", "; federation (");
        assertThat(requestNames(summary)).contains("list vms", "create vm", "db read", "federation sync");
        assertThat(summary.path("metrics").path("ws_sessions").path("count").asLong()).isPositive();
        assertThat(summary.path("metrics").path("http_req_failed").path("rate").asDouble()).isLessThan(0.01);
    }

    @Test
    void vmOperationsAreFollowedToTheirEnd() throws Exception {
        JsonNode summary = run("vm", "--users", "10", "--run-time", "6s");

        JsonNode metrics = summary.path("metrics");
        assertThat(metrics.path("vm_creation_duration").path("count").asLong()).isPositive();
        assertThat(metrics.path("vm_operation_duration").path("count").asLong()).isPositive();
        // Followed to the end: the simulator's operations take at least 400 ms (creation) and 150 ms (the
        // others), so no duration is shorter (less 1% for the millisecond clock and the histogram's rounding).
        assertThat(metrics.path("vm_creation_duration").path("min").asDouble()).isGreaterThanOrEqualTo(396);
        assertThat(metrics.path("vm_operation_duration").path("min").asDouble()).isGreaterThanOrEqualTo(148.5);
        assertThat(metrics.path("vm_operation_success").path("rate").asDouble()).isGreaterThan(0.95);
        assertThat(threshold(summary, "vm_operation_success: rate>0.95").path("passed").asBoolean()).isTrue();
        assertJudgedOnSamples(summary, "vm_creation_duration: p(95)<30000", "vm_operation_duration: p(95)<10000");
    }

    @Test
    void twoThousandDashboardsHoldTheirWebSockets() throws Exception {
        JsonNode summary = run("ws", "--users", "2000", "--spawn-rate", "1000", "--run-time", "8s");

        JsonNode metrics = summary.path("metrics");
        assertThat(metrics.path("vus").path("max").asLong()).isEqualTo(2000);
        assertThat(metrics.path("ws_sessions").path("count").asLong()).isGreaterThanOrEqualTo(2000);
        assertThat(metrics.path("ws_msgs_received").path("count").asLong()).isPositive();
        assertThat(summary.path("errors")).isEmpty();
        assertJudgedOnSamples(summary, "ws_connecting: p(95)<1000", "ws_session_duration: p(95)<30000", "ws_msg_latency: p(95)<100");
    }

    @Test
    void stressFindsTheBreakingPointAndTheRecovery() throws Exception {
        // After the drop, 40 s at 10 users, far fewer than the 15 in flight beyond which the simulator answers 503:
        // the failures end once the stopping users have drained (under a second, even on a busy machine), then the
        // 10-second window slides past them. The 30 s left over are the margin for a machine slower still.
        // The latency thresholds may stay broken on a slow machine (10 users queue at a capacity of 5): the recovery
        // that the code guarantees is the error rate's, judged by a recovery threshold on that metric alone.
        JsonNode summary = run("stress", "--stage", "12s:1500,4s:1500,2s:10,40s:10", "-e", "target.capacity=5",
                "--threshold", "recovery{metric:http_req_failed}: <60s");

        // Beyond three times its capacity the simulator answers 503 at once: the error rate breaks first.
        JsonNode failed = summary.path("thresholds").get(2);
        assertThat(failed.path("expression").asText()).isEqualTo("http_req_failed: rate<0.01");
        JsonNode window = failed.path("window");
        assertThat(window.path("firstFailedAtSeconds").isNumber()).as(summary.path("thresholds").toString()).isTrue();
        assertThat(window.path("usersAtFirstFailure").asInt()).isBetween(1, 1500);
        assertThat(window.path("requestRateAtFirstFailure").asDouble()).isPositive();
        assertThat(window.path("loadDroppedAtSeconds").asDouble()).isGreaterThan(window.path("firstFailedAtSeconds").asDouble());
        assertThat(window.path("recoverySeconds").isNumber()).as(window.toString()).isTrue();
        // A recovery threshold judges every broken threshold of its metric: the longest recovery, within its minute.
        assertThat(threshold(summary, "recovery: <60s").path("condition").asText()).isEqualTo("<60s");
        JsonNode recovery = threshold(summary, "recovery{metric:http_req_failed}: <60s");
        assertThat(recovery.path("actual").asDouble()).isGreaterThanOrEqualTo(window.path("recoverySeconds").asDouble());
        assertThat(recovery.path("passed").asBoolean()).as(recovery.toString()).isTrue();
        assertThat(summary.path("exitCode").asInt()).isEqualTo(ExitCode.THRESHOLD_FAILED);
    }

    @Test
    void aHostThatIsNotThereIsCountedNotFatal() throws Exception {
        JsonNode summary = run("smoke", "--run-time", "2s", "--host", "http://127.0.0.1:9");

        assertThat(summary.path("exitCode").asInt()).isEqualTo(ExitCode.THRESHOLD_FAILED);
        assertThat(summary.path("errors").toString()).contains("connect refused");
    }

    @Test
    void helpSaysWhatEveryReportOptionWrites() throws Exception {
        Jar jar = jar("--help");

        assertThat(jar.exitCode()).isZero();
        assertThat(jar.out()).contains("--json=FILE", "--html=FILE", "--csv=PREFIX", "--md=FILE", "--junit=FILE",
                "--hlog=FILE", "--png=DIR", "-v, --verbose");
        assertThat(jar.out()).doesNotContainPattern("Write the \\w+ report\\.");
        // Every option's help says something: no option line ends without a description.
        assertThat(jar.out().lines().filter(line -> line.matches("\\s+(-\\w, )?--[\\w-]+=[A-Z]+\\s*")))
                .as("options without a description").isEmpty();
    }

    @Test
    void verboseShowsTheFirstErrorOfEachKindWithItsStackTraceAndNothingElse() throws Exception {
        Jar quiet = jar("smoke", "--run-time", "2s", "--host", "http://127.0.0.1:9");
        Jar verbose = jar("smoke", "--run-time", "2s", "--host", "http://127.0.0.1:9", "--verbose");

        // Thousands of refused connections: no stack trace without --verbose, on either stream.
        assertThat(quiet.exitCode()).isEqualTo(ExitCode.THRESHOLD_FAILED);
        assertThat(quiet.out() + quiet.err()).doesNotContain("\tat ").doesNotContain("first '");
        assertThat(quiet.err()).isEmpty();
        // With it, the first of each kind, once, with the exception's stack trace.
        assertThat(verbose.exitCode()).isEqualTo(ExitCode.THRESHOLD_FAILED);
        List<String> firsts = verbose.out().lines().filter(line -> line.startsWith("first '")).toList();
        assertThat(firsts).anySatisfy(line -> assertThat(line).startsWith("first 'connect refused' error, on "));
        assertThat(firsts.stream().map(line -> line.substring(0, line.indexOf("' error")))).doesNotHaveDuplicates();
        assertThat(verbose.out()).contains("\tat ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "target.capcity=5|error: -e target.capcity: unknown setting of the embedded simulator; use target.capacity "
                + "(requests in flight), target.errorRate (0 to 1) or target.slowdown (a factor above 0)",
        "target.capacity=-3|error: -e target.capacity must be at least 1, got -3",
        "target.errorRate=2|error: -e target.errorRate must be 0 to 1, got 2.0",
        "target.slowdown=x|error: -e target.slowdown=x: not a number"})
    void aWrongSettingOfTheSimulatorIsRefusedBeforeAnyLoad(String setting) throws Exception {
        String[] parts = setting.split("\\|");
        Jar jar = jar("smoke", "--run-time", "2s", "-e", parts[0]);

        assertThat(jar.exitCode()).isEqualTo(ExitCode.USAGE_ERROR);
        assertThat(jar.err().lines().toList()).containsExactly(parts[1]);
        assertThat(jar.out()).doesNotContain("running novacron");
    }

    /** What the jar's main printed and returned, run in a JVM of its own as a user runs it. */
    private record Jar(int exitCode, String out, String err) {
    }

    private Jar jar(String... args) throws Exception {
        Path out = Files.createTempFile(folder, "out", ".txt");
        Path err = Files.createTempFile(folder, "err", ".txt");
        Process process = OwnJvm.novaCron(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar ended by itself").isTrue();
        return new Jar(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
