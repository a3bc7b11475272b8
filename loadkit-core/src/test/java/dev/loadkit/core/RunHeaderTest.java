package dev.loadkit.core;

import dev.loadkit.core.sim.SimulatedService;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the header (the summary's parameters) says about where traffic went. */
class RunHeaderTest {

    private static RunSummary runWithHost(String host) {
        SimulatedService service = SimulatedService.builder().latency(Duration.ofMillis(1)).build();
        return LoadTest.named("header").users(UserClass.named("user").task("call", session -> service.call(session, "call")).build())
                .protocol(service).workload(Workload.perUserIterations(1, 1, Duration.ofSeconds(30))).build()
                .execute(RunOptions.builder().host(host).build());
    }

    @Test
    void aHostsCredentialsNeverReachTheHeader() {
        assertThat(runWithHost("http://user:secret@127.0.0.1:9/api").parameters()).containsEntry("host", "http://***@127.0.0.1:9/api");
        assertThat(runWithHost("http://127.0.0.1:9/api").parameters()).containsEntry("host", "http://127.0.0.1:9/api");
    }
}
