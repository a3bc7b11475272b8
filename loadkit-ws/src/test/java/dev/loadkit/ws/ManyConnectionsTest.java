package dev.loadkit.ws;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.Stage;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** 2000 virtual users each holding a WebSocket connection, with a push every second, for 10 seconds. */
class ManyConnectionsTest {

    @Test
    void twoThousandConnectionsAreHeldForTenSecondsWithoutAnError() throws Exception {
        AtomicInteger mostOpen = new AtomicInteger();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        try (WsTestServer server = new WsTestServer(false)) {
            watcher.scheduleAtFixedRate(() -> mostOpen.accumulateAndGet(server.open.get(), Math::max), 0, 100, TimeUnit.MILLISECONDS);
            WebSocket ws = WebSocket.builder().baseUrl(server.url()).build();
            WsRequest dashboard = ws.connect("/slow-push").name("dashboard");
            UserClass user = UserClass.named("dashboard")
                    .task("watch", session -> dashboard.connection(session)
                            .flatMap(connection -> connection.messages(Duration.ofSeconds(5)).count()))
                    .build();

            RunSummary summary = LoadTest.named("2000 connections").users(user).protocol(ws)
                    .workload(Workload.rampingUsers(Stage.of(Duration.ofSeconds(2), 2000), Stage.of(Duration.ofSeconds(10), 2000)))
                    .gracefulStop(Duration.ofSeconds(6))
                    .build()
                    .execute();

            assertThat(summary.errors()).isEmpty();
            assertThat(summary.metric("ws_sessions").count()).isEqualTo(2000);
            assertThat(mostOpen.get()).isEqualTo(2000);
            assertThat(summary.metric("vus").max()).isEqualTo(2000);
            // Every connection saw about one push a second while it was held.
            assertThat(summary.metric("ws_msgs_received").count()).isGreaterThan(2000L * 9);
            assertThat(summary.metric("ws_connecting").distribution().percentile(95)).isLessThan(1000);
        } finally {
            watcher.shutdownNow();
        }
    }
}
