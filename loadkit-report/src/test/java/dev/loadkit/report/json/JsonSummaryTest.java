package dev.loadkit.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The JSON summary's contract, checked on a real, short run of a simulated service. */
class JsonSummaryTest {

    private static final List<String> TREND_KEYS = List.of("count", "min", "mean", "p50", "p75", "p90", "p95", "p99", "p99.9", "max");

    @TempDir
    static Path folder;

    private static RunSummary summary;
    private static JsonNode json;

    @BeforeAll
    static void run() throws IOException {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(20)).failureRate(0.25).build();
        UserClass reader = UserClass.named("reader").weight(3)
                .task(Task.of("list", session -> service.call(session, "list vms").map(ok -> session.check("listed", ok))))
                .build();
        UserClass writer = UserClass.named("writer").weight(1)
                .task(Task.of("create", session -> service.call(session, "create vm")))
                .build();
        LoadTest test = LoadTest.named("contract").users(reader, writer).protocol(service)
                .workload(Workload.constantUsers(4, Duration.ofSeconds(1)))
                // One threshold that passes and one that fails, whatever the machine's speed: no answer comes
                // before the service's 20 ms, and a quarter of the requests fail.
                .threshold("sim_req_duration: p(95)>=20")
                .threshold("sim_req_failed: rate<0.01")
                .build();
        Path file = folder.resolve("nested/summary.json");
        summary = test.execute(RunOptions.builder()
                .reports(new ReportOptions(Map.of("json", file.toString()), true, true)).build());
        json = new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void theTopLevelFieldsAreThere() {
        assertThat(json.get("test").asText()).isEqualTo("contract");
        assertThat(Instant.parse(json.get("startedAt").asText())).isBefore(Instant.parse(json.get("endedAt").asText()));
        // The run's own duration: at least the planned second, and at most that plus the graceful stop (30 s)
        // and a margin of a minute that no busy machine needs for requests of 20 ms.
        assertThat(json.get("durationSeconds").asDouble()).isEqualTo(summary.duration().toNanos() / 1e9)
                .isBetween(1.0, 1.0 + 30 + 60);
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("exitCode").asInt()).isEqualTo(1);
        assertThat(json.get("aborted").asBoolean()).isFalse();
        assertThat(json.get("parameters").get("workload").asText()).isEqualTo("4 users for 1s");
    }

    @Test
    void trendsCountersRatesAndGaugesHaveTheirKeys() {
        JsonNode metrics = json.get("metrics");
        JsonNode duration = metrics.get("sim_req_duration");
        assertThat(duration.get("type").asText()).isEqualTo("trend");
        TREND_KEYS.forEach(key -> assertThat(duration.has(key)).as(key).isTrue());
        TREND_KEYS.forEach(key -> assertThat(duration.get("serviceTime").has(key)).as(key).isTrue());
        // The service answers after 20 ms; latency counts from the intended start, so it is never below the
        // service time, percentile by percentile.
        assertThat(duration.get("serviceTime").get("min").asDouble()).isGreaterThanOrEqualTo(20);
        assertThat(duration.get("p50").asDouble()).isEqualTo(summary.metric("sim_req_duration").distribution().median())
                .isGreaterThanOrEqualTo(duration.get("serviceTime").get("p50").asDouble());
        TREND_KEYS.stream().filter(key -> !key.equals("count")).forEach(key ->
                assertThat(duration.get(key).asDouble()).as(key).isGreaterThanOrEqualTo(duration.get("serviceTime").get(key).asDouble()));
        assertThat(duration.get("serviceTime").get("count").asLong()).isEqualTo(duration.get("count").asLong());
        assertThat(metrics.get("sim_reqs").get("count").asLong()).isEqualTo(duration.get("count").asLong()).isPositive();
        assertThat(metrics.get("sim_reqs").has("rate")).isTrue();
        JsonNode failed = metrics.get("sim_req_failed");
        assertThat(failed.get("passes").asLong() + failed.get("fails").asLong()).isEqualTo(duration.get("count").asLong());
        // The rate is the share of failed requests, each of which is also listed as an error (by request name).
        assertThat(failed.get("rate").asDouble())
                .isCloseTo((double) failed.get("passes").asLong() / duration.get("count").asLong(), within(1e-9))
                .isStrictlyBetween(0.0, 1.0);
        long errors = 0;
        for (JsonNode error : json.get("errors")) {
            errors += error.get("count").asLong();
        }
        assertThat(errors).isEqualTo(failed.get("passes").asLong());
        assertThat(metrics.get("vus").get("max").asInt()).isEqualTo(4);
        assertThat(metrics.get("dropped_iterations").get("count").asLong()).isZero();
    }

    @Test
    void requestsHaveOneEntryPerName() {
        List<String> names = new ArrayList<>();
        for (JsonNode request : json.get("requests")) {
            names.add(request.get("name").asText());
            assertThat(request.get("metric").asText()).isEqualTo("sim_req_duration");
            assertThat(request.get("count").asLong()).isPositive();
            assertThat(request.get("failures").asLong()).isLessThanOrEqualTo(request.get("count").asLong());
            assertThat(request.get("rps").asDouble()).isPositive();
            TREND_KEYS.forEach(key -> assertThat(request.has(key)).as(key).isTrue());
        }
        assertThat(names).containsExactlyInAnyOrder("list vms", "create vm");
    }

    @Test
    void thresholdsChecksErrorsAndUserClassesAreListed() {
        JsonNode thresholds = json.get("thresholds");
        assertThat(thresholds).hasSize(2);
        assertThat(thresholds.get(0).get("metric").asText()).isEqualTo("sim_req_duration");
        assertThat(thresholds.get(0).get("expression").asText()).isEqualTo("sim_req_duration: p(95)>=20");
        assertThat(thresholds.get(0).get("passed").asBoolean()).isTrue();
        assertThat(thresholds.get(1).get("passed").asBoolean()).isFalse();
        assertThat(thresholds.get(1).get("actual").asDouble()).isEqualTo(summary.thresholds().get(1).actual());

        JsonNode check = json.get("checks").get(0);
        assertThat(check.get("name").asText()).isEqualTo("listed");
        assertThat(check.get("passes").asLong() + check.get("fails").asLong()).isPositive();

        JsonNode error = json.get("errors").get(0);
        assertThat(error.get("kind").asText()).isEqualTo("simulated");
        assertThat(error.get("message").asText()).isEqualTo("simulated failure");
        assertThat(error.get("count").asLong()).isPositive();
        assertThat(error.has("name")).isTrue();

        JsonNode classes = json.get("userClasses");
        assertThat(classes).hasSize(2);
        assertThat(classes.get(0).get("name").asText()).isEqualTo("reader");
        assertThat(classes.get(0).get("weight").asInt()).isEqualTo(3);
        assertThat(classes.get(0).get("started").asLong()).isEqualTo(3);
        assertThat(classes.get(1).get("started").asLong()).isEqualTo(1);
    }

    @Test
    void aReportThatCannotBeWrittenFailsAtTheStart() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("not-a-folder"), "");
        String target = notAFolder.resolve("summary.json").toString();
        LoadTest test = LoadTest.named("unwritable")
                .users(UserClass.named("u").task("t", session -> reactor.core.publisher.Mono.empty()).build())
                .build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> test.execute(RunOptions.builder()
                        .reports(new ReportOptions(Map.of("json", target), true, true)).build()))
                .isInstanceOf(dev.loadkit.core.ConfigurationException.class)
                .hasMessage("--json " + target + ": cannot write there; " + notAFolder + " is not a writable folder");
    }

    @Test
    void theFileIsWrittenWithoutATemporaryLeftBehind() throws IOException {
        try (var files = Files.list(folder.resolve("nested"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("summary.json");
        }
    }
}
