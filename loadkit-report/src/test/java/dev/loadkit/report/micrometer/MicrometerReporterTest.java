package dev.loadkit.report.micrometer;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Task;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A run published to a Prometheus registry, and its text checked by Prometheus's own promtool. */
class MicrometerReporterTest {

    private static String scrape;
    private static RunSummary summary;

    @BeforeAll
    static void run() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(10)).failureRate(0.1).build();
        UserClass user = UserClass.named("user")
                .task(Task.of("get", session -> service.call(session, "get vm").map(ok -> session.check("ok", ok))))
                .build();
        summary = LoadTest.named("prometheus").users(user).protocol(service).workload(Workload.constantUsers(3, Duration.ofSeconds(2)))
                .build().execute(RunOptions.builder().reporter(new MicrometerReporter(prometheus)).build());
        scrape = prometheus.scrape();
    }

    @Test
    void metricsCarryThePrefixAndPrometheusNames() {
        assertThat(scrape).contains(
                "# TYPE loadkit_sim_reqs_total counter",
                "loadkit_sim_reqs_total{name=\"get vm\"}",
                "loadkit_sim_req_duration_seconds{name=\"get vm\",percentile=\"0.95\"}",
                "loadkit_sim_req_failed{name=\"get vm\"}",
                "loadkit_vus ",
                "loadkit_iterations_total{task=\"get\",user_class=\"user\"}",
                "loadkit_checks{check=\"ok\"}");
        String requests = scrape.lines().filter(line -> line.startsWith("loadkit_sim_reqs_total{")).findFirst().orElseThrow();
        // The counter adds up every interval, the run's last one too: it ends at the run's own count.
        assertThat(Double.parseDouble(requests.substring(requests.lastIndexOf(' ') + 1)))
                .isPositive()
                .isEqualTo((double) summary.metric("sim_reqs", Map.of("name", "get vm")).count());
    }

    @Test
    void promtoolAcceptsTheText() throws Exception {
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.exitValue()).as(report).isZero();
    }
}
