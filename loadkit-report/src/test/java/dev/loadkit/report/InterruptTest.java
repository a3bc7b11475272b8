package dev.loadkit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C on a real process: the reports are still written, and the exit code says the run was aborted. */
class InterruptTest {

    @TempDir
    Path folder;

    private Process start(String scenario, Path json) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InterruptibleRun.class.getName(), scenario,
                "--json", json.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        // The console reporter prints its first line when the run has started and the signal handlers are in place.
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = output.readLine();
        assertThat(line).isEqualTo("loadkit: running " + scenario);
        Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }));
        drain.setDaemon(true);
        drain.start();
        Thread.sleep(1500);
        return process;
    }

    private static void interrupt(Process process) throws IOException, InterruptedException {
        // The shell's own kill: no procps package needed.
        new ProcessBuilder("bash", "-c", "kill -INT " + process.pid()).start().waitFor();
    }

    @Test
    void ctrlCStopsGracefullyWritesTheReportAndExitsThree() throws Exception {
        Path json = folder.resolve("interrupted.json");
        Process process = start("fast", json);

        interrupt(process);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(ExitCode.ABORTED);
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.get("aborted").asBoolean()).isTrue();
        assertThat(summary.get("abortReason").asText()).isEqualTo("interrupted by SIGINT");
        assertThat(summary.get("exitCode").asInt()).isEqualTo(ExitCode.ABORTED);
        assertThat(summary.get("metrics").get("sim_reqs").get("count").asLong()).isGreaterThan(100);
        assertThat(summary.get("thresholds").get(0).get("passed").asBoolean()).isTrue();
    }

    @Test
    void aSecondCtrlCStopsAtOnceAndStillWritesTheReport() throws Exception {
        Path json = folder.resolve("stuck.json");
        Process process = start("stuck", json);

        interrupt(process);
        Thread.sleep(500);
        long secondSignal = System.nanoTime();
        interrupt(process);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - secondSignal)).isLessThan(10);
        assertThat(process.exitValue()).isEqualTo(ExitCode.ABORTED);
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.get("aborted").asBoolean()).isTrue();
        assertThat(summary.get("metrics").get("sim_reqs").get("count").asLong()).isZero();
    }
}
