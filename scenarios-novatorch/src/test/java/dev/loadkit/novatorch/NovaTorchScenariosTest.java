package dev.loadkit.novatorch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.ExitCode;
import dev.loadkit.core.RunProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Nova-Torch profile and scenario, briefly, against the embedded target (a real grpc-java server and a
 * real redis-server child process), through the jar's own command line.
 */
class NovaTorchScenariosTest {

    private static final List<String> MESSAGE_TYPES = List.of("task_assignment", "task_completion", "agent_heartbeat",
            "collaboration_request", "broadcast", "system_status");

    @TempDir
    Path folder;

    private JsonNode run(String name, String... options) throws IOException {
        Path json = folder.resolve(name + ".json");
        List<String> args = new ArrayList<>(List.of(name, "--json", json.toString(), "--quiet"));
        args.addAll(List.of(options));
        int exitCode = NovaTorch.launcher().execute(args.toArray(String[]::new));
        assertThat(json).as("exit code " + exitCode).exists();
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(exitCode).as(summary.path("thresholds").toString()).isEqualTo(summary.path("exitCode").asInt());
        return summary;
    }

    private static List<String> requestNames(JsonNode summary) {
        List<String> names = new ArrayList<>();
        summary.path("requests").forEach(request -> names.add(request.path("name").asText()));
        return names;
    }

    private static List<String> thresholds(JsonNode summary) {
        List<String> expressions = new ArrayList<>();
        summary.path("thresholds").forEach(threshold -> expressions.add(threshold.path("expression").asText()));
        return expressions;
    }

    @Test
    void theReadmesFirstCommandRunsEveryClassAndEveryMessageType() throws IOException {
        JsonNode summary = run("smoke", "--users", "14", "--spawn-rate", "14", "--run-time", "10s");

        List<Integer> started = new ArrayList<>();
        summary.path("userClasses").forEach(userClass -> started.add(userClass.path("started").asInt()));
        assertThat(started).containsExactly(3, 10, 1);
        assertThat(summary.path("metrics").path("grpc_req_duration").path("count").asLong()).isPositive();
        assertThat(summary.path("metrics").path("stream_msg_latency").path("count").asLong()).isPositive();
        assertThat(summary.path("metrics").path("stream_msgs_consumed").path("count").asLong()).isPositive();
        assertThat(requestNames(summary)).containsAll(MESSAGE_TYPES);
        assertThat(summary.path("metrics").path("grpc_req_failed").path("rate").asDouble()).isZero();
        // The header shows where each driver's traffic went: the embedded orchestrator and its bus.
        assertThat(summary.path("parameters").path("host").asText()).matches("grpc://127\\.0\\.0\\.1:\\d+, redis://127\\.0\\.0\\.1:\\d+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"smoke", "development", "staging", "production", "stress", "soak", "spike"})
    void eachProfileRunsScaledDownWithItsThresholds(String profile) throws IOException {
        JsonNode summary = run(profile, "--users", "4", "--spawn-rate", "4", "--run-time", "2s");

        RunProfile own = NovaTorch.PROFILES.stream().filter(each -> each.name().equals(profile)).findFirst().orElseThrow();
        assertThat(thresholds(summary)).containsAll(own.thresholds());
        assertThat(summary.path("metrics").path("grpc_reqs").path("count").asLong()).isPositive();
        // Throughput and latency targets depend on the machine; failures do not.
        assertThat(summary.path("metrics").path("grpc_req_failed").path("rate").asDouble()).as(summary.path("errors").toString()).isZero();
    }

    @Test
    void agentScalingRunsItsWaves() throws IOException {
        JsonNode summary = run("agent-scaling", "--run-time", "4s");
        assertThat(requestNames(summary)).contains("task_assignment", "task_completion");
        assertThat(summary.path("metrics").path("grpc_req_failed").path("rate").asDouble()).isZero();
    }

    @Test
    void collaborationStressMeasuresHelpEndToEnd() throws IOException {
        JsonNode summary = run("collaboration-stress", "--rate", "20", "--users", "10", "--run-time", "3s");
        assertThat(requestNames(summary)).contains("collaboration_request", "register_agent");
        assertThat(summary.path("metrics").path("stream_msg_latency").path("count").asLong()).isPositive();
    }

    @Test
    void aFailingTargetIsCountedAndFailsTheRun() throws IOException {
        JsonNode summary = run("mixed", "--users", "4", "--spawn-rate", "4", "--run-time", "2s", "-e", "target.errorRate=1");
        assertThat(summary.path("exitCode").asInt()).isEqualTo(ExitCode.THRESHOLD_FAILED);
        assertThat(summary.path("metrics").path("grpc_req_failed").path("rate").asDouble()).isEqualTo(1.0);
        List<String> kinds = new ArrayList<>();
        summary.path("errors").forEach(error -> kinds.add(error.path("kind").asText()));
        assertThat(kinds).contains("UNAVAILABLE");
    }

    @Test
    void aSuiteWritesEachRunsReportsByTestIdWithOneVerdict() throws IOException {
        Path reports = folder.resolve("reports");
        int exitCode = NovaTorch.launcher().execute("suite", "smoke,development", "--users", "3", "--spawn-rate", "3",
                "--run-time", "2s", "--output-dir", reports.toString(), "--test-id", "ci", "--quiet");

        // The verdict is the worse of the two runs' (whose latency targets depend on this machine).
        int worst = 0;
        for (String profile : List.of("smoke", "development")) {
            String id = "ci_" + profile;
            assertThat(reports.resolve(id + "_report.html")).isNotEmptyFile();
            assertThat(reports.resolve(id + "_results_stats.csv")).isNotEmptyFile();
            assertThat(reports.resolve(id + "_results_failures.csv")).exists();
            assertThat(reports.resolve(id + "_summary.json")).isNotEmptyFile();
            JsonNode summary = new ObjectMapper().readTree(reports.resolve(id + "_summary.json").toFile());
            worst = Math.max(worst, summary.path("exitCode").asInt());
            assertThat(Files.readString(reports.resolve(id + ".log"))).contains(summary.path("passed").asBoolean() ? "PASSED" : "FAILED");
        }
        assertThat(exitCode).isEqualTo(worst);
    }

    @Test
    void badTargetSettingsAreOneLineAndExitTwo() {
        assertThat(NovaTorch.launcher().execute("smoke", "--run-time", "1s", "-e", "target.speed=3")).isEqualTo(ExitCode.USAGE_ERROR);
        assertThat(NovaTorch.launcher().execute("smoke", "--run-time", "1s", "-e", "target.delay=soon")).isEqualTo(ExitCode.USAGE_ERROR);
        assertThat(NovaTorch.launcher().execute("smoke", "--run-time", "1s", "--environment", "nowhere")).isEqualTo(ExitCode.USAGE_ERROR);
    }

    @Test
    void targetHelpSaysHowToRunIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exitCode = new TargetCommand().run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exitCode).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: target [--port 50051] [--redis URI]");
    }

    @Test
    void withoutRedisServerTheJarSaysHowToGetOne() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                NovaTorch.class.getName(), "smoke", "--run-time", "1s")
                .redirectOutput(folder.resolve("out.txt").toFile())
                .redirectError(folder.resolve("err.txt").toFile());
        // A PATH with no redis-server on it.
        builder.environment().put("PATH", folder.toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(ExitCode.USAGE_ERROR);
        List<String> errors = Files.readAllLines(folder.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("error: the embedded Nova-Torch target needs redis-server on the PATH")
                .contains("apt-get install redis-server", "--redis redis://HOST:PORT");
    }
}
