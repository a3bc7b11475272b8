package dev.loadkit.novacron;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar with {@code --web}, in a JVM of its own as a user runs it, ended by SIGTERM (what Ctrl-C sends, for a
 * process that a test starts): after the run, while the page stays up, the process ends with the run's exit code
 * and every report written; before the start, it ends as aborted without running anything.
 */
class DashboardProcessTest {

    private static final Pattern ADDRESS = Pattern.compile("dashboard at (http://\\S+/)");

    @TempDir
    Path folder;

    /** The jar's process and the file its output goes to. */
    private record Jar(Process process, Path output) {
        List<String> lines() throws IOException {
            return Files.readAllLines(output);
        }

        String awaitLine(String part) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                for (String line : lines()) {
                    if (line.contains(part)) {
                        return line;
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("never printed '" + part + "' ("
                    + (process.isAlive() ? "still running" : "exit code " + process.exitValue()) + "): " + lines());
        }
    }

    private Jar start(String... args) throws Exception {
        Path output = Files.createTempFile(folder, "out", ".txt");
        Process process = OwnJvm.novaCron(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new Jar(process, output);
    }

    @Test
    void sigtermWhileThePageStaysUpEndsWithTheRunsExitCodeAndItsReports() throws Exception {
        Path json = folder.resolve("summary.json");
        Jar jar = start("smoke", "-t", "2s", "--web=0", "--autostart", "--json", json.toString());
        Matcher address = ADDRESS.matcher(jar.awaitLine("dashboard at"));
        assertThat(address.find()).isTrue();
        jar.awaitLine("the dashboard stays up");
        HttpResponse<String> state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(address.group(1) + "api/state")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode finished = new ObjectMapper().readTree(state.body());
        assertThat(finished.path("phase").asText()).isEqualTo("finished");
        assertThat(finished.path("reports").toString()).contains("summary.json");

        jar.process().destroy();
        assertThat(jar.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        JsonNode summary = new ObjectMapper().readTree(json.toFile());
        assertThat(jar.process().exitValue()).isEqualTo(summary.path("exitCode").asInt())
                .isEqualTo(finished.path("verdict").path("exitCode").asInt());
    }

    @Test
    void sigtermBeforeTheStartEndsAsAbortedWithoutALoad() throws Exception {
        Path json = folder.resolve("summary.json");
        Jar jar = start("smoke", "--web=0", "--json", json.toString());
        jar.awaitLine("start the test from the page");

        jar.process().destroy();
        assertThat(jar.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        jar.awaitLine("stopped before the run started");
        assertThat(jar.process().exitValue()).as(String.join("\n", jar.lines())).isEqualTo(ExitCode.ABORTED);
        assertThat(Files.exists(json)).isFalse();
        assertThat(String.join("\n", jar.lines())).doesNotContain("running novacron");
    }
}
