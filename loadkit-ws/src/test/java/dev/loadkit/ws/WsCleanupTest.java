package dev.loadkit.ws;

import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.MetricStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No connection outlives its owner: the iteration that opened it, the user that opened it in
 * {@code onStart}, or the connect attempt that was given up. Each test has a server of its own, whose
 * count of open connections (or sockets) is the witness.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WsCleanupTest {

    /** How long a server may take to see a client's close, however busy the machine: generous, and bounded. */
    private static final Duration SERVER_SIDE = Duration.ofSeconds(30);

    @Test
    void connectionsOfIterationsThatFailBeforeTheirCloseAreClosed() throws Exception {
        try (WsTestServer server = new WsTestServer(false)) {
            WebSocket ws = WebSocket.builder().baseUrl(server.url()).build();
            WsRequest echo = ws.connect("/echo").name("checkout");

            RunSummary summary = WsRuns.iterations(ws, 2, 3, session -> echo.open(session).flatMap(connection -> connection
                    .sendText("pay").then(Mono.error(new IllegalStateException("the iteration failed before its close")))));

            assertThat(server.mostOpen.get()).isPositive();
            assertThat(WsRuns.awaitCount(server.open::get, 0, SERVER_SIDE)).as("connections still open on the server").isZero();
            assertThat(summary.metric("ws_sessions").count()).isEqualTo(6);
            assertThat(summary.metric("ws_session_duration").count()).isEqualTo(6);
            // Closing what the iteration left open is the driver's duty, not the server's failure.
            assertThat(WsRuns.errorsOf(summary, "checkout")).isEmpty();
        }
    }

    @Test
    void aConnectionOpenedInOnStartLivesUntilTheUserStops() throws Exception {
        try (WsTestServer server = new WsTestServer(false)) {
            WebSocket ws = WebSocket.builder().baseUrl(server.url()).build();
            WsRequest echo = ws.connect("/echo").name("session");
            UserClass user = UserClass.named("user")
                    .onStart(session -> echo.open(session).doOnNext(connection -> session.set("connection", connection)))
                    .task("task", session -> {
                        WsConnection connection = session.get("connection", WsConnection.class);
                        return connection.sendText("ping").then(connection.await(WsMatch.contains("ping"), Duration.ofSeconds(30)));
                    })
                    .build();

            RunSummary summary = WsRuns.run(ws, user, Workload.perUserIterations(2, 3, Duration.ofSeconds(30)), Duration.ofSeconds(5));

            assertThat(summary.errors()).isEmpty();
            // One connection per user served all three of its iterations...
            assertThat(summary.metric("ws_sessions").count()).isEqualTo(2);
            MetricStats awaited = summary.metric("ws_msg_latency", Map.of("name", "session", "kind", "await"));
            assertThat(awaited.count()).isEqualTo(6);
            assertThat(awaited.trues()).isZero();
            // ...and was closed when the user stopped.
            assertThat(summary.metric("ws_session_duration").count()).isEqualTo(2);
            assertThat(WsRuns.awaitCount(server.open::get, 0, SERVER_SIDE)).as("connections still open on the server").isZero();
        }
    }

    @Test
    void aConnectTimeoutCountsOnceAndLeavesNoSocket() throws Exception {
        try (MuteTcpServer mute = new MuteTcpServer(false)) {
            WebSocket ws = WebSocket.builder().baseUrl(mute.url()).connectTimeout(Duration.ofMillis(300)).build();

            RunSummary summary = WsRuns.iterations(ws, 1, 1, session -> ws.connect("/").name("mute").open(session));

            assertThat(WsRuns.errorsOf(summary, "mute")).singleElement().satisfies(error -> {
                assertThat(error.kind()).isEqualTo("connect timeout");
                assertThat(error.count()).isEqualTo(1);
            });
            MetricStats connecting = summary.metric("ws_connecting", Map.of("name", "mute"));
            assertThat(connecting.count()).isEqualTo(1);
            assertThat(connecting.trues()).isEqualTo(1);
            assertThat(summary.metric("ws_sessions").count()).isZero();
            assertThat(WsRuns.awaitCount(mute.accepted::get, 1, SERVER_SIDE)).isEqualTo(1);
            assertThat(WsRuns.awaitCount(mute.open::get, 0, SERVER_SIDE)).as("sockets still open on the server").isZero();
        }
    }

    @Test
    void aCloseTheServerNeverAnswersDropsTheConnectionInsteadOfHanging() throws Exception {
        try (MuteTcpServer mute = new MuteTcpServer(true)) {
            Duration bound = Duration.ofMillis(500);
            WebSocket ws = WebSocket.builder().baseUrl(mute.url()).connectTimeout(bound).build();

            RunSummary summary = WsRuns.iterations(ws, 1, 1, session -> ws.connect("/").name("deaf").open(session)
                    .flatMap(connection -> connection.close(1000, "done")));

            assertThat(summary.errors()).isEmpty();
            assertThat(summary.metric("iterations").count()).isEqualTo(1);
            MetricStats sessions = summary.metric("ws_session_duration", Map.of("name", "deaf"));
            assertThat(sessions.count()).isEqualTo(1);
            // Dropped once the server had the bound to answer, not before (499 allows for the histogram's precision).
            assertThat(sessions.distribution().min()).isGreaterThan(499);
            assertThat(WsRuns.awaitCount(mute.open::get, 0, SERVER_SIDE)).as("sockets still open on the server").isZero();
        }
    }
}
