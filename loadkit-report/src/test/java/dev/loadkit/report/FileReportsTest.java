package dev.loadkit.report;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.sim.SimulatedService;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every file report of one real, short run: CSV, Markdown, JUnit XML and the HdrHistogram log. */
class FileReportsTest {

    @TempDir
    static Path folder;

    private static RunSummary summary;

    @BeforeAll
    static void run() {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(20)).failureRate(0.2).build();
        UserClass user = UserClass.named("user")
                .task(Task.of("list", session -> service.call(session, "list, vms \"all\"")).weight(3))
                .task(Task.of("create", session -> service.call(session, "create vm")))
                .build();
        Map<String, String> outputs = Map.of(
                "csv", folder.resolve("run").toString(),
                "md", folder.resolve("summary.md").toString(),
                "junit", folder.resolve("junit.xml").toString(),
                "hlog", folder.resolve("run.hlog").toString());
        summary = LoadTest.named("file reports").users(user).protocol(service)
                .workload(Workload.constantUsers(4, Duration.ofSeconds(3)))
                // One threshold that passes and one that fails, whatever the machine's speed: no answer comes
                // before the service's 20 ms, and a fifth of the requests fail.
                .threshold("sim_req_duration: p(95)>=20")
                .threshold("sim_req_failed: rate<0.01")
                .build()
                .execute(RunOptions.builder().reports(new ReportOptions(outputs, true, true)).build());
    }

    @Test
    void csvStatsHaveLocustsColumnsARowPerNameAndTheAggregate() throws Exception {
        List<String> lines = Files.readAllLines(folder.resolve("run_stats.csv"));

        assertThat(lines.get(0)).isEqualTo("Type,Name,Request Count,Failure Count,Median Response Time,"
                + "Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,"
                + "Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%");
        assertThat(lines).hasSize(4);
        // Type is the protocol when the requests have no method (HTTP's rows show GET, POST, ...).
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("sim,\"list, vms \"\"all\"\"\","));
        String[] aggregated = lines.get(3).split(",");
        assertThat(aggregated[1]).isEqualTo("Aggregated");
        assertThat(Long.parseLong(aggregated[2])).isEqualTo(summary.metric("sim_reqs").count());
        assertThat(Long.parseLong(aggregated[3])).isEqualTo(summary.metric("sim_req_failed").trues());
        // The median of all requests, in milliseconds: never below the service's 20 ms.
        double median = summary.metric("sim_req_duration").distribution().median();
        assertThat(Double.parseDouble(aggregated[4])).isCloseTo(median, within(0.001)).isGreaterThanOrEqualTo(20.0);
    }

    @Test
    void csvFailuresExceptionsAndHistoryHaveLocustsColumns() throws Exception {
        List<String> failures = Files.readAllLines(folder.resolve("run_failures.csv"));
        assertThat(failures.get(0)).isEqualTo("Method,Name,Error,Occurrences");
        assertThat(failures).hasSizeGreaterThan(1);
        assertThat(failures.get(1)).startsWith("sim,").contains(",simulated: simulated failure,");
        assertThat(Files.readAllLines(folder.resolve("run_exceptions.csv")).get(0)).isEqualTo("Count,Message,Traceback,Nodes");

        List<String> history = Files.readAllLines(folder.resolve("run_stats_history.csv"));
        assertThat(history.get(0)).isEqualTo("Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,"
                + "98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,"
                + "Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size");
        // A row per interval: the reporting tick comes at most once a second, plus the run's last interval.
        long seconds = summary.duration().toSeconds();
        assertThat(history.size() - 1).isBetween(1, (int) seconds + 1);
        String[] last = history.get(history.size() - 1).split(",", -1);
        assertThat(last[3]).isEqualTo("Aggregated");
        assertThat(Long.parseLong(last[17])).isEqualTo(summary.metric("sim_reqs").count());
        assertThat(Long.parseLong(last[18])).isEqualTo(summary.metric("sim_req_failed").trues());
        // The run's median so far, never below the service's 20 ms.
        assertThat(Double.parseDouble(last[19])).isGreaterThanOrEqualTo(20.0);
        // Timestamps go forward within the run: the first tick comes no sooner than a second after the start.
        long start = summary.startedAt().getEpochSecond();
        List<Long> timestamps = history.subList(1, history.size()).stream().map(line -> Long.parseLong(line.split(",")[0])).toList();
        assertThat(timestamps).isSorted().allSatisfy(timestamp ->
                assertThat(timestamp).isBetween(start + 1, start + Math.round(summary.duration().toNanos() / 1e9)));
    }

    @Test
    void markdownHasTheVerdictThresholdsAndRequests() throws Exception {
        String markdown = Files.readString(folder.resolve("summary.md"));

        assertThat(markdown).startsWith("# Load test: file reports\n\n**FAILED: 1 of 2 thresholds**")
                .contains("| ✅ | `sim_req_duration: p(95)>=20` |", "| ❌ | `sim_req_failed: rate<0.01` |",
                        "| list, vms \"all\" | sim_req_duration |", "## Errors");
    }

    @Test
    void junitXmlIsReadBySurefiresParser() throws Exception {
        TestSuiteXmlParser parser = new TestSuiteXmlParser(new NullConsoleLogger());
        List<ReportTestSuite> suites = parser.parse(folder.resolve("junit.xml").toString());

        assertThat(suites).singleElement().satisfies(suite -> {
            assertThat(suite.getNumberOfTests()).isEqualTo(3);
            // The failed threshold, and the run itself, whose verdict is FAILED.
            assertThat(suite.getNumberOfFailures()).isEqualTo(2);
            List<ReportTestCase> cases = suite.getTestCases();
            assertThat(cases).extracting(ReportTestCase::getName)
                    .containsExactly("run", "sim_req_duration: p(95)>=20", "sim_req_failed: rate<0.01");
            assertThat(cases.get(0).hasFailure()).isTrue();
            assertThat(cases.get(0).getFailureMessage()).isEqualTo("1 of 2 thresholds failed: sim_req_failed: rate<0.01");
            assertThat(cases.get(1).hasFailure()).isFalse();
            assertThat(cases.get(2).hasFailure()).isTrue();
            assertThat(cases.get(2).getFailureMessage()).startsWith("rate<0.01 failed: actual 0.");
        });
    }

    @Test
    void theHistogramLogReadsBackWithTheSameCounts() throws Exception {
        Map<String, Histogram> merged = new HashMap<>();
        try (HistogramLogReader reader = new HistogramLogReader(folder.resolve("run.hlog").toString())) {
            while (reader.hasNext()) {
                Histogram interval = (Histogram) reader.nextIntervalHistogram();
                merged.computeIfAbsent(interval.getTag(), tag -> new Histogram(3)).add(interval);
                assertThat(interval.getStartTimeStamp()).isGreaterThanOrEqualTo(summary.startedAt().toEpochMilli() - 1000);
            }
        }

        assertThat(merged.get("sim_req_duration").getTotalCount()).isEqualTo(summary.metric("sim_req_duration").count());
        assertThat(merged.get("iteration_duration").getTotalCount()).isEqualTo(summary.metric("iteration_duration").count());
        assertThat(merged.get("sim_req_duration").getValueAtPercentile(95) / 1000.0)
                .isEqualTo(summary.metric("sim_req_duration").distribution().percentile(95));
    }
}
