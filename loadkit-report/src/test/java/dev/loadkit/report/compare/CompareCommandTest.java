package dev.loadkit.report.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compare} on the JSON summary of a real run at 10 ms, and on that same summary made exactly twice as
 * slow. Two real runs would differ by whatever else the machine was doing; one run and its exact double
 * give the comparison known figures: +100% latency, -50% throughput.
 */
class CompareCommandTest {

    @TempDir
    static Path folder;

    private static Path baseline;
    private static Path slower;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void runAndSlowDown() throws IOException {
        baseline = run("baseline", Duration.ofMillis(10));
        slower = slowedDown(baseline, "slower", 2);
    }

    /**
     * The summary of a run whose every request took {@code factor} times as long: in a closed model, its
     * latencies are multiplied and its throughput divided by the factor; counts and failures stay.
     */
    private static Path slowedDown(Path summary, String name, double factor) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(summary.toFile());
        root.put("test", name);
        for (JsonNode request : root.get("requests")) {
            scaleTrend((ObjectNode) request, factor);
            ((ObjectNode) request).put("rps", request.get("rps").asDouble() / factor);
        }
        for (JsonNode metric : root.get("metrics")) {
            String type = metric.path("type").asText();
            if (type.equals("trend")) {
                scaleTrend((ObjectNode) metric, factor);
                if (metric.has("serviceTime")) {
                    scaleTrend((ObjectNode) metric.get("serviceTime"), factor);
                }
            } else if (type.equals("counter")) {
                ((ObjectNode) metric).put("rate", metric.get("rate").asDouble() / factor);
            }
        }
        Path file = folder.resolve(name + ".json");
        mapper.writeValue(file.toFile(), root);
        return file;
    }

    private static void scaleTrend(ObjectNode trend, double factor) {
        for (String key : List.of("min", "mean", "p50", "p75", "p90", "p95", "p99", "p99.9", "max")) {
            if (trend.has(key)) {
                trend.put(key, trend.get(key).asDouble() * factor);
            }
        }
    }

    private static Path run(String name, Duration latency) {
        SimulatedService service = SimulatedService.builder().latency(latency).build();
        UserClass user = UserClass.named("user").task("get", session -> service.call(session, "get vm")).build();
        Path json = folder.resolve(name + ".json");
        LoadTest.named(name).users(user).protocol(service).workload(Workload.constantUsers(2, Duration.ofSeconds(1)))
                .build().execute(RunOptions.builder().reports(new ReportOptions(Map.of("json", json.toString()), true, true)).build());
        return json;
    }

    private int compare(String... args) {
        return new CompareCommand().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLatencyAboveItsLimitIsARegressionAndExitsOne() {
        assertThat(compare(baseline.toString(), slower.toString(), "--max-regression", "p95=10%,error_rate=0.5pp")).isEqualTo(1);

        assertThat(output()).contains("Baseline: baseline", "Current:  slower", "sim_req_duration · get vm",
                "all sim_req_duration", "REGRESSED (limit 10%)", "\nREGRESSED\n");
        assertThat(output().lines().filter(line -> line.contains(" p95 ") && line.contains("get vm")).findFirst().orElseThrow())
                .containsPattern("\\+100(\\.0+)?%");
    }

    @Test
    void withinTheLimitsItExitsZero() {
        assertThat(compare(baseline.toString(), slower.toString(), "--max-regression", "p95=150%,rps=-60%")).isZero();
        assertThat(output()).contains("No regression beyond the limits");
    }

    @Test
    void anImprovementIsNoRegression() {
        assertThat(compare(slower.toString(), baseline.toString(), "--max-regression", "p95=0%,p99=5ms")).isZero();
    }

    @Test
    void everyRunnableJarOffersIt() {
        dev.loadkit.core.ScenarioLauncher launcher = dev.loadkit.core.ScenarioLauncher.builder("pack")
                .scenario("only", "", () -> { throw new AssertionError("the scenario must not run"); })
                .build();

        assertThat(launcher.execute("compare", baseline.toString(), slower.toString(), "--max-regression", "p95=10%")).isEqualTo(1);
    }

    @Test
    void markdownAndHtmlAreWritten() throws Exception {
        Path md = folder.resolve("compare.md");
        Path html = folder.resolve("compare.html");

        assertThat(compare(baseline.toString(), slower.toString(), "--max-regression", "p95=10%", "--md", md.toString(),
                "--html", html.toString())).isEqualTo(1);

        assertThat(Files.readString(md)).startsWith("# Comparison: slower against baseline\n\n**REGRESSED**").contains("| ❌ REGRESSED (limit 10%) |");
        assertThat(Files.readString(html)).contains("<p class=\"bad\">REGRESSED</p>", "sim_req_duration · get vm");
    }

    @Test
    void unreadableInputsAndBadLimitsExitTwoWithOneLine() throws Exception {
        Path notJson = Files.writeString(folder.resolve("not.json"), "{oops");
        Path notSummary = Files.writeString(folder.resolve("other.json"), "{\"a\": 1}");

        assertThat(compare(baseline.toString(), folder.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(compare(baseline.toString(), notJson.toString())).isEqualTo(2);
        assertThat(compare(baseline.toString(), notSummary.toString())).isEqualTo(2);
        assertThat(compare(baseline.toString())).isEqualTo(2);
        assertThat(compare(baseline.toString(), slower.toString(), "--max-regression", "p95=ten")).isEqualTo(2);
        assertThat(compare(baseline.toString(), slower.toString(), "--max-regression", "latency=10%")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "error: summary " + folder.resolve("missing.json") + " does not exist",
                err.toString(StandardCharsets.UTF_8).lines().toList().get(1),
                "error: summary " + notSummary + " is not a loadkit JSON summary (no requests and metrics)",
                "error: compare needs two JSON summaries: compare BASELINE.json CURRENT.json",
                "error: --max-regression: invalid limit 'p95=ten': use p95=10% or p95=50ms for latency, error_rate=0.5pp, rps=-5%",
                "error: --max-regression: unknown measure 'latency'; use p50, p90, p95, p99, p99.9, max, mean, rps, error_rate");
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList().get(1)).startsWith("error: summary " + notJson + " is not JSON: ");
    }
}
