package dev.loadkit.report.html;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report, opened in a real headless Chromium (Debian's {@code chromium}, which CI installs):
 * it renders without a network and without console errors, draws its three charts, and escapes what
 * the test and the target wrote.
 */
class HtmlReportTest {

    private static final String HOSTILE = "<script>alert('x')</script>&\"";

    @TempDir
    static Path folder;

    private static Path report;

    @BeforeAll
    static void run() {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(15)).failureRate(0.1).build();
        UserClass user = UserClass.named("user")
                .task(Task.of("list", session -> service.call(session, "list vms")))
                .task(Task.of("hostile", session -> service.call(session, HOSTILE)
                        .map(ok -> session.check(HOSTILE, ok))))
                .build();
        report = folder.resolve("report.html");
        LoadTest.named("html " + HOSTILE).users(user).protocol(service)
                .workload(Workload.constantUsers(4, Duration.ofSeconds(3)))
                .threshold("sim_req_failed: rate<0.01")
                .build()
                .execute(RunOptions.builder()
                        .reports(new ReportOptions(Map.of("html", report.toString()), true, true)).build());
    }

    @Test
    void theReportIsOneFileThatNeedsNoNetwork() throws Exception {
        String html = Files.readString(report);

        assertThat(html).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//");
        assertThat(html).contains("uPlot");
        assertThat(html).doesNotContain("sourceMappingURL");
        // The failing threshold's breaking point is marked on the time charts (which Chromium draws below).
        assertThat(html).contains("\"label\":\"breaking point: sim_req_failed: rate\\u003c0.01\"");
    }

    @Test
    void everyStringFromTheTestIsEscaped() throws Exception {
        String html = Files.readString(report);

        assertThat(html).doesNotContain("<script>alert(");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
        assertThat(countOf(html, "<script")).isEqualTo(3);
    }

    @Test
    void chromiumRendersItWithItsChartsAndNoConsoleError() throws Exception {
        Path profile = Files.createDirectories(folder.resolve("chromium-profile"));
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                "--window-size=1280,2000", "--dump-dom", report.toUri().toString()));
        Path dom = folder.resolve("dom.html");
        Path log = folder.resolve("chromium.log");
        Process chromium = new ProcessBuilder(command).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();

        String rendered = Files.readString(dom, StandardCharsets.UTF_8);
        String console = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(chromium.exitValue()).as(console).isZero();
        // Throughput, latency, each request's p95 and the spectrum; no chart by status: the simulated service has none.
        assertThat(rendered).contains("data-charts-drawn=\"4\"");
        assertThat(countOf(rendered, "<canvas")).isEqualTo(4);
        assertThat(console.lines().filter(line -> line.contains(":CONSOLE")).toList()).isEmpty();
    }

    private static int countOf(String text, String fragment) {
        Matcher matcher = Pattern.compile(Pattern.quote(fragment)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
