package dev.loadkit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.ExitCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C on a real process: the reports are still written, and the exit code says the run was aborted.
 * The test waits for what the process prints, never for a guessed time, and every wait is bounded with
 * a margin that a busy machine cannot exhaust.
 */
class InterruptTest {

    /** How long any step may take on a busy machine; far less than the stuck run's graceful stop of 10 minutes. */
    private static final long MARGIN_SECONDS = 60;

    @TempDir
    Path folder;

    private Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(MARGIN_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Starts the run and returns once it says it is ready to be interrupted. */
    private void start(String scenario, Path json) throws IOException, InterruptedException {
        // A process started in the background of a shell without job control (nohup, a CI script's '&') has
        // SIGINT ignored, its children inherit that, and the JVM then leaves it ignored: Ctrl-C could not be
        // tested. env resets it to the default before starting the JVM, as an interactive terminal has it.
        process = new ProcessBuilder(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InterruptibleRun.class.getName(), scenario,
                "--json", json.toString()))
                .start();
        collect(process.getInputStream(), stdout);
        collect(process.getErrorStream(), stderr);
        // The console reporter prints its first line when the run has started and the signal handlers are in place.
        assertThat(awaitLine(stdout, line -> true)).isEqualTo("loadkit: running " + scenario);
        awaitLine(stdout, InterruptibleRun.READY::equals);
    }

    private static void collect(InputStream stream, BlockingQueue<String> lines) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        Thread drain = new Thread(() -> reader.lines().forEach(lines::add));
        drain.setDaemon(true);
        drain.start();
    }

    /** The first line that matches, skipping the others; fails when none comes within the margin. */
    private static String awaitLine(BlockingQueue<String> lines, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MARGIN_SECONDS);
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(line).as("a line the process should print within %d s", MARGIN_SECONDS).isNotNull();
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    private void interrupt() throws IOException, InterruptedException {
        // The shell's own kill: no procps package needed.
        new ProcessBuilder("bash", "-c", "kill -INT " + process.pid()).start().waitFor();
    }

    @Test
    void ctrlCStopsGracefullyWritesTheReportAndExitsThree() throws Exception {
        Path json = folder.resolve("interrupted.json");
        start("fast", json);

        interrupt();

        assertThat(process.waitFor(MARGIN_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(ExitCode.ABORTED);
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.get("aborted").asBoolean()).isTrue();
        assertThat(summary.get("abortReason").asText()).isEqualTo("interrupted by SIGINT");
        assertThat(summary.get("exitCode").asInt()).isEqualTo(ExitCode.ABORTED);
        // Nothing completed before the signal is lost from the report.
        assertThat(summary.get("metrics").get("sim_reqs").get("count").asLong())
                .isGreaterThanOrEqualTo(InterruptibleRun.FAST_CALLS_BEFORE_READY);
        assertThat(summary.get("thresholds").get(0).get("passed").asBoolean()).isTrue();
    }

    @Test
    void aSecondCtrlCStopsAtOnceAndStillWritesTheReport() throws Exception {
        Path json = folder.resolve("stuck.json");
        start("stuck", json);

        interrupt();
        // Two signals sent close together may arrive as one: the second is sent once the first was handled.
        awaitLine(stderr, line -> line.startsWith("Stopping: "));
        interrupt();

        // Waiting for the graceful stop would take 10 minutes: ending within the margin is stopping at once.
        assertThat(process.waitFor(MARGIN_SECONDS, TimeUnit.SECONDS)).as("the process ended after the second Ctrl-C").isTrue();
        assertThat(process.exitValue()).isEqualTo(ExitCode.ABORTED);
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(summary.get("aborted").asBoolean()).isTrue();
        assertThat(summary.get("metrics").get("sim_reqs").get("count").asLong()).isZero();
    }
}
