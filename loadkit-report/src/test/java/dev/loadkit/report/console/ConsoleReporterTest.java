package dev.loadkit.report.console;

import dev.loadkit.core.ExitCode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.ThresholdWindow;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.sim.SimulatedService;
import dev.loadkit.report.internal.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The console: progress, the per-request table, verdicts, in colour on a terminal only. */
class ConsoleReporterTest {

    /** What the console printed, and the run's summary. */
    private record Printed(String text, RunSummary summary) {
    }

    private static Printed run(boolean terminal, boolean quiet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(10)).failureRate(0.1).build();
        UserClass user = UserClass.named("user")
                .task(Task.of("get", session -> service.call(session, "get vm").map(ok -> session.check("ok", ok))))
                .build();
        RunSummary summary = LoadTest.named("console").users(user).protocol(service)
                .workload(Workload.constantUsers(2, Duration.ofSeconds(6)))
                // One threshold that passes and one that fails, whatever the machine's speed: no answer comes
                // before the service's 10 ms, and a tenth of the requests fail.
                .threshold("sim_req_duration: p(95)>=10")
                .threshold("sim_req_failed: rate<0.01")
                .build()
                .execute(RunOptions.builder()
                        .reporter(new ConsoleReporter(new PrintStream(out, true, StandardCharsets.UTF_8), terminal, quiet))
                        .build());
        return new Printed(out.toString(StandardCharsets.UTF_8), summary);
    }

    @Test
    void withoutATerminalProgressIsAPlainLineEveryFewSecondsAndThereIsNoColour() {
        Printed printed = run(false, false);
        String text = printed.text();

        assertThat(text).startsWith("loadkit: running console\n  workload       2 users for 6s\n");
        // A line every 5 s of the run: at 5 s, and once more for every further 5 s that a busy machine took.
        long fives = printed.summary().duration().toSeconds() / 5;
        assertThat(text.lines().filter(line -> line.startsWith("[")).toList()).hasSizeBetween(1, (int) fives)
                .allSatisfy(line -> assertThat(line).contains("ETA", "| users 2 |", "req/s", "p50 ", "p95 ", "p99 ", "errors "));
        assertThat(text).contains("Type     Name", "# reqs", "# fails", "Median", "90%ile", "99%ile", "Max", "req/s",
                "sim      get vm", "         Aggregated", "Thresholds:", "  PASS sim_req_duration: p(95)>=10", "  FAIL sim_req_failed: rate<0.01",
                "Checks:", "Errors:", "FAILED: 1 of 2 thresholds failed");
        assertThat(text).doesNotContain("\033[");
        // k6's block of every metric, checks first, then by name, before the table.
        assertThat(text).containsPattern("\n  checks\\.+: [0-9.]+% \\d+ of \\d+\n")
                .containsPattern("\n  iterations\\.+: \\d+ [0-9.]+/s\n")
                .containsPattern("\n  sim_req_duration\\.+: avg=[0-9.]+ms min=[0-9.]+ms med=[0-9.]+ms max=[0-9.]+ms p\\(90\\)=[0-9.]+ms p\\(95\\)=[0-9.]+ms\n")
                .containsPattern("\n  vus\\.+: \\d+ max=2\n");
        assertThat(text.indexOf("  checks...")).isLessThan(text.indexOf("  iterations...")).isLessThan(text.indexOf("Type     Name"));
        assertThat(text).doesNotContain("  dropped_iterations...");
    }

    @Test
    void onATerminalProgressIsRefreshedInPlaceAndVerdictsAreColoured() {
        String text = run(true, false).text();

        assertThat(text).contains("\r\033[2K[", "\033[32mPASS\033[0m", "\033[31mFAIL\033[0m", "\033[31mFAILED\033[0m");
    }

    @Test
    void quietPrintsTheWarningsTheFailedThresholdsAndTheVerdict() {
        Printed printed = run(false, true);

        // Warnings are printed even when quiet: whether there are any (a generator lagging on a busy machine)
        // depends on the machine; that each is printed, and nothing else but what failed and the verdict, does not.
        StringBuilder expected = new StringBuilder();
        printed.summary().warnings().forEach(warning -> expected.append("WARNING: ").append(warning).append('\n'));
        expected.append("  FAIL sim_req_failed: rate<0.01 (actual ")
                .append(Text.significant(printed.summary().thresholds().get(1).actual())).append(")\n");
        assertThat(printed.text()).isEqualTo(expected + "FAILED: 1 of 2 thresholds failed\n");
    }

    @Test
    void aThresholdsActualValueNeverRoundsToLookLikeAnother() {
        assertThat(Text.significant(0.002)).isEqualTo("0.002");
        assertThat(Text.significant(0.000_456_7)).isEqualTo("0.000457");
        assertThat(Text.significant(12.345)).isEqualTo("12.3");
        assertThat(Text.significant(0)).isEqualTo("0");
        assertThat(Text.significant(1234.4)).isEqualTo("1234");
    }

    @Test
    void theProgressLineSaysStoppingDuringTheGracefulStop() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // One request of 6 s in a run of 1 s: the line printed at 5 s is in the graceful stop.
        SimulatedService slow = SimulatedService.builder().latency(Duration.ofSeconds(6)).build();
        LoadTest.named("stopping").users(UserClass.named("user").task("slow", session -> slow.call(session, "slow")).build())
                .protocol(slow).workload(Workload.constantUsers(1, Duration.ofSeconds(1))).gracefulStop(Duration.ofSeconds(10))
                .build()
                .execute(RunOptions.builder()
                        .reporter(new ConsoleReporter(new PrintStream(out, true, StandardCharsets.UTF_8), false, false)).build());

        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("[")))
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains("] stopping 0:0").doesNotContain("ETA"));
    }

    @Test
    void aReportThatCouldNotBeWrittenAtTheEndIsNeverListedAsWritten(@TempDir Path folder) throws IOException {
        Path reports = Files.createDirectories(folder.resolve("reports"));
        Path json = reports.resolve("summary.json");
        AtomicBoolean broken = new AtomicBoolean();
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(1)).build();
        // Writable at the start; during the run, the folder becomes a file (a full or unmounted disk, in life).
        UserClass user = UserClass.named("user").task("call", session -> Mono.fromRunnable(() -> {
            if (broken.compareAndSet(false, true)) {
                try {
                    Files.delete(reports);
                    Files.writeString(reports, "not a folder");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }).then(service.call(session, "call"))).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RunSummary summary = LoadTest.named("unwritten").users(user).protocol(service)
                .workload(Workload.perUserIterations(1, 3, Duration.ofSeconds(30))).build()
                .execute(RunOptions.builder().reports(new ReportOptions(Map.of("json", json.toString()), true, true))
                        .reporter(new ConsoleReporter(new PrintStream(out, true, StandardCharsets.UTF_8), false, false)).build());

        assertThat(summary.exitCode()).isEqualTo(ExitCode.USAGE_ERROR);
        assertThat(summary.unwrittenReports()).containsExactly("json");
        assertThat(summary.warnings()).anySatisfy(warning -> assertThat(warning).startsWith("the json report was not written: "));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("ERROR: json not written (exit code 2)").containsPattern("json +.*summary\\.json NOT WRITTEN");
    }

    @Test
    void aRecoveryIsOnlyToldWhenTheLoadDropped() {
        ThresholdWindow recovered = new ThresholdWindow("t", "http_req_duration", 1.0, 192, 276.1, 18.0, 28.0, 10.0, false);
        ThresholdWindow notRecovered = new ThresholdWindow("t", "http_req_duration", 1.0, 192, 276.1, 18.0, null, null, false);
        ThresholdWindow neverDropped = new ThresholdWindow("t", "http_req_duration", 38.0, 2, 14.4, null, null, null, false);
        assertThat(ConsoleReporter.recovery(recovered)).isEqualTo("; recovered 10s after the load dropped");
        assertThat(ConsoleReporter.recovery(notRecovered)).isEqualTo("; not recovered after the load dropped");
        assertThat(ConsoleReporter.recovery(neverDropped)).isEmpty();
    }
}
