package dev.loadkit.report.html;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.sim.SimulatedService;
import dev.loadkit.report.internal.RunHistory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML report's badge (green only for a run that sent load and passed) and its section per driver. */
class HtmlVerdictTest {

    private static RunSummary run(boolean sends) {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(1)).build();
        UserClass user = UserClass.named("user")
                .task("task", session -> sends ? service.call(session, "call") : Mono.empty()).build();
        return LoadTest.named("verdict").users(user).protocol(service)
                .workload(Workload.perUserIterations(1, 2, Duration.ofSeconds(30))).build().execute(RunOptions.builder().build());
    }

    @Test
    void aRunThatSentNothingIsNeverGreen() {
        String html = HtmlReporter.render(run(false), new RunHistory());
        assertThat(html).doesNotContain("verdict passed").contains("NOTHING SENT");
    }

    @Test
    void aRunThatSentLoadAndPassedIs() {
        assertThat(HtmlReporter.render(run(true), new RunHistory())).contains("<span class=\"verdict passed\">PASSED</span>");
    }

    @Test
    void everyRecordedMetricHasItsDriversSection() {
        String html = HtmlReporter.render(run(true), new RunHistory());
        assertThat(html).contains("<h2>Simulated service</h2>", "<h2>Run</h2>", "<code>sim_req_duration</code></td><td>avg=",
                "<code>iterations</code></td><td>2 ");
        // A metric without a sample has no line: no empty driver section.
        assertThat(html).doesNotContain("<h2>HTTP</h2>", "<code>dropped_iterations</code>");
    }

    @Test
    void thePhasesOfASequenceAreMarkedOnTheTimeCharts() {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(1)).build();
        UserClass user = UserClass.named("user").task("call", session -> service.call(session, "call")).build();
        RunSummary summary = LoadTest.named("phases").users(user).protocol(service)
                .workload(Workload.sequence(Workload.Phase.of("ramp", Workload.constantUsers(1, Duration.ofMillis(600)), "user"),
                        Workload.Phase.of("peak", Workload.constantUsers(2, Duration.ofMillis(600)), "user")))
                .build().execute(RunOptions.builder().build());

        String html = HtmlReporter.render(summary, new RunHistory());
        assertThat(html).contains("{\"t\":0.0,\"label\":\"phase ramp\"").contains("\"label\":\"phase peak\"");
    }
}
