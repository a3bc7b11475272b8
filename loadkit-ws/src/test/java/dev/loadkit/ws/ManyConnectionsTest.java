package dev.loadkit.ws;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Stage;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.MetricStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2000 virtual users, each holding a WebSocket connection for the whole run, with a push every second and a
 * message echoed each iteration. It asserts what the driver guarantees, however busy the machine: every
 * connection opened and was held at once, every message sent was answered, every message received was
 * counted and every push timed, nothing failed, and every connection was closed at the end.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ManyConnectionsTest {

    private static final int USERS = 2000;
    /** Generous bounds: on a busy machine a connect or an echo may take seconds, and must still not fail. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void twoThousandConnectionsAreHeldWithoutAnError() throws Exception {
        try (WsTestServer server = new WsTestServer(false)) {
            WebSocket ws = WebSocket.builder().baseUrl(server.url()).connectTimeout(PATIENCE).build();
            WsRequest dashboard = ws.connect("/dashboard").name("dashboard").pushTimestamp("/sentAt");
            UserClass user = UserClass.named("dashboard")
                    .task("watch", session -> dashboard.connection(session).flatMap(connection -> connection
                            .sendText("ping " + session.userId())
                            .then(connection.await(WsMatch.contains("ping"), PATIENCE))
                            .then(connection.messages(Duration.ofSeconds(2)).count())))
                    .build();

            RunSummary summary = LoadTest.named("2000 connections").users(user).protocol(ws)
                    .workload(Workload.rampingUsers(Stage.of(Duration.ofSeconds(2), USERS), Stage.of(Duration.ofSeconds(10), USERS)))
                    .gracefulStop(PATIENCE)
                    .gracefulRampDown(PATIENCE)
                    .build()
                    .execute();

            assertThat(summary.errors()).isEmpty();
            assertThat(summary.metric("vus").max()).isEqualTo(USERS);
            MetricStats connecting = summary.metric("ws_connecting");
            assertThat(connecting.count()).isEqualTo(USERS);
            assertThat(connecting.trues()).isZero();
            assertThat(summary.metric("ws_sessions").count()).isEqualTo(USERS);
            assertThat(server.mostOpen.get()).as("connections held at once").isEqualTo(USERS);

            long sent = summary.metric("ws_msgs_sent").count();
            long received = summary.metric("ws_msgs_received").count();
            MetricStats echoes = summary.metric("ws_msg_latency", Map.of("kind", "await"));
            assertThat(sent).isGreaterThanOrEqualTo(USERS);
            assertThat(echoes.count()).as("every message sent was answered").isEqualTo(sent);
            assertThat(echoes.trues()).isZero();
            // Every other message received was a push, and every push was timed; none was made up.
            long pushes = summary.metric("ws_msg_latency", Map.of("kind", "push")).count();
            assertThat(pushes).isEqualTo(received - sent).isLessThanOrEqualTo(server.pushed.get());

            assertThat(summary.metric("ws_session_duration").count()).as("connections closed and timed").isEqualTo(USERS);
            assertThat(WsRuns.awaitCount(server.open::get, 0, PATIENCE)).as("connections still open on the server").isZero();
        }
    }
}
