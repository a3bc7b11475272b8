package dev.loadkit.grpc;

import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Workload;
import dev.loadkit.grpc.example.EchoScenario;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's example scenario runs without a failure against a real server named by --host. */
class EchoScenarioTest {

    @Test
    void theExampleScenarioPassesItsThresholds() throws Exception {
        try (EchoServer server = EchoServer.plaintext()) {
            RunSummary summary = EchoScenario.loadTest().execute(RunOptions.builder().host(server.target())
                    .workload(Workload.constantUsers(4, Duration.ofSeconds(3))).build());

            // The latency threshold depends on the machine's speed; the rest of the verdict does not.
            assertThat(summary.thresholds()).filteredOn(result -> result.metric().equals("grpc_req_failed"))
                    .singleElement().satisfies(result -> assertThat(result.passed()).isTrue());
            assertThat(summary.errors()).isEmpty();
            assertThat(summary.metric("grpc_reqs").count()).isEqualTo(server.calls("Say") + server.calls("Chat"));
            assertThat(server.calls("Chat")).isPositive();
            assertThat(summary.metric("grpc_stream_msg_latency").distribution().count()).isEqualTo(20 * server.calls("Chat"));
            assertThat(summary.metric("checks").falses()).isZero();
        }
    }
}
