package dev.loadkit.ws;

import dev.loadkit.core.RunSummary;
import dev.loadkit.core.metrics.MetricStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work in flight when the run ends is counted, never lost: a connect or an await that the end of the run
 * cuts is a failed sample of its request metric and one error of kind {@code interrupted}. The runs last
 * one second with no graceful stop, against servers that never answer.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WsInterruptedTest {

    private static final Duration RUN_TIME = Duration.ofSeconds(1);
    /** Far longer than the run, so that only the end of the run can end the wait. */
    private static final Duration NEVER = Duration.ofMinutes(10);

    @Test
    void anAwaitCutByTheEndOfTheRunCountsAsInterrupted() throws Exception {
        try (WsTestServer server = new WsTestServer(false)) {
            WebSocket ws = WebSocket.builder().baseUrl(server.url()).build();
            WsRequest silent = ws.connect("/silent").name("silent");

            RunSummary summary = WsRuns.cutAfter(ws, RUN_TIME, session -> silent.open(session)
                    .flatMap(connection -> connection.await(WsMatch.any(), NEVER)));

            assertThat(WsRuns.errorsOf(summary, "silent")).singleElement().satisfies(error -> {
                assertThat(error.kind()).isEqualTo("interrupted");
                assertThat(error.count()).isEqualTo(1);
            });
            assertThat(summary.metric("ws_errors", Map.of("name", "silent", "kind", "interrupted")).count()).isEqualTo(1);
            MetricStats awaited = summary.metric("ws_msg_latency", Map.of("name", "silent", "kind", "await"));
            assertThat(awaited.count()).isEqualTo(1);
            assertThat(awaited.trues()).isEqualTo(1);
            assertThat(summary.requests()).filteredOn(row -> row.name().equals("silent") && row.metric().equals("ws_msg_latency"))
                    .singleElement().satisfies(row -> {
                        assertThat(row.count()).isEqualTo(1);
                        assertThat(row.failures()).isEqualTo(1);
                    });
            assertThat(summary.metric("interrupted_iterations").count()).isEqualTo(1);
            // The connection itself opened, and was closed when its iteration was cut.
            assertThat(summary.metric("ws_connecting", Map.of("name", "silent")).trues()).isZero();
            assertThat(summary.metric("ws_session_duration").count()).isEqualTo(1);
            assertThat(WsRuns.awaitCount(server.open::get, 0, Duration.ofSeconds(30))).as("connections still open on the server").isZero();
        }
    }

    @Test
    void aConnectCutByTheEndOfTheRunCountsAsInterruptedAndLeavesNoSocket() throws Exception {
        try (MuteTcpServer mute = new MuteTcpServer(false)) {
            WebSocket ws = WebSocket.builder().baseUrl(mute.url()).connectTimeout(NEVER).build();

            RunSummary summary = WsRuns.cutAfter(ws, RUN_TIME, session -> ws.connect("/").name("mute").open(session));

            assertThat(WsRuns.errorsOf(summary, "mute")).singleElement().satisfies(error -> {
                assertThat(error.kind()).isEqualTo("interrupted");
                assertThat(error.count()).isEqualTo(1);
            });
            MetricStats connecting = summary.metric("ws_connecting", Map.of("name", "mute"));
            assertThat(connecting.count()).isEqualTo(1);
            assertThat(connecting.trues()).isEqualTo(1);
            assertThat(summary.metric("ws_sessions").count()).isZero();
            // Started work, none of it completed: the run cannot pass.
            assertThat(summary.passed()).isFalse();
            assertThat(WsRuns.awaitCount(mute.accepted::get, 1, Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(WsRuns.awaitCount(mute.open::get, 0, Duration.ofSeconds(30))).as("sockets still open on the server").isZero();
        }
    }
}
