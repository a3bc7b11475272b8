package dev.loadkit.ws;

import dev.loadkit.core.RunSummary;
import dev.loadkit.core.metrics.ErrorCount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The WebSocket driver against a real server on loopback. */
class WsConnectionTest {

    private static WsTestServer server;
    private static WebSocket ws;

    @BeforeAll
    static void start() throws Exception {
        server = new WsTestServer(false);
        ws = WebSocket.builder().baseUrl(server.url()).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void textAndBinaryMessagesAreEchoedAndCounted() {
        WsRequest echo = ws.connect("/echo").name("echo");
        List<String> replies = new CopyOnWriteArrayList<>();

        RunSummary summary = WsRuns.iterations(ws, 2, 3, session -> echo.open(session).flatMap(connection -> connection
                .sendText("hello " + session.userId())
                .then(connection.await(WsMatch.contains("hello"), Duration.ofSeconds(2)))
                .doOnNext(message -> replies.add(message.text()))
                .then(connection.sendBinary(new byte[] {1, 2, 3}))
                .then(connection.await(WsMatch.any(), Duration.ofSeconds(2)))
                .doOnNext(message -> assertThat(message.isText()).isFalse())
                .then(connection.close(1000, "done"))));

        assertThat(replies).hasSize(6).contains("hello 1", "hello 2");
        assertThat(summary.errors()).isEmpty();
        assertThat(summary.metric("ws_sessions").count()).isEqualTo(6);
        assertThat(summary.metric("ws_msgs_sent").count()).isEqualTo(12);
        assertThat(summary.metric("ws_msgs_received").count()).isEqualTo(12);
        assertThat(summary.metric("ws_connecting").count()).isEqualTo(6);
        assertThat(summary.metric("ws_session_duration").count()).isEqualTo(6);
        assertThat(summary.metric("data_received").count()).isEqualTo(6 * ("hello 1".length() + 3));
    }

    @Test
    void repliesAreCorrelatedByIdAndTheirLatencyRecorded() {
        WsRequest reply = ws.connect("/reply").name("rpc");

        RunSummary summary = WsRuns.iterations(ws, 2, 5, session -> reply.connection(session)
                .flatMap(connection -> connection.request(Map.of("op", "status"), "id", Duration.ofSeconds(2)))
                .doOnNext(message -> assertThat(message.json().path("ok").asBoolean()).isTrue()));

        assertThat(summary.errors()).isEmpty();
        assertThat(summary.metric("ws_sessions").count()).isEqualTo(2);
        assertThat(summary.metric("ws_msg_latency", Map.of("kind", "reply")).count()).isEqualTo(10);
        assertThat(summary.metric("ws_msg_latency", Map.of("kind", "reply")).distribution().median()).isCloseTo(21, within(15.0));
    }

    @Test
    void aStreamIsWatchedForAWhileAndPushLatencyRecorded() {
        WsRequest push = ws.connect("/push").name("metrics").pushTimestamp("/sentAt");
        List<Long> counts = new CopyOnWriteArrayList<>();

        RunSummary summary = WsRuns.iterations(ws, 1, 1, session -> push.open(session)
                .flatMap(connection -> connection.messages(Duration.ofMillis(1050)).count()
                        .doOnNext(counts::add).then(connection.close(1000, "done"))));

        assertThat(counts).singleElement().satisfies(count -> assertThat(count).isBetween(8L, 11L));
        assertThat(summary.metric("ws_msg_latency", Map.of("kind", "push")).count()).isBetween(8L, 12L);
        assertThat(summary.metric("ws_msg_latency", Map.of("kind", "push")).distribution().max()).isLessThan(200);
    }

    @Test
    void anAwaitOnASilentServerTimesOutCleanly() {
        WsRequest silent = ws.connect("/silent").name("silent");
        long[] waited = new long[1];

        RunSummary summary = WsRuns.iterations(ws, 1, 1, session -> silent.open(session).flatMap(connection -> {
            long start = System.nanoTime();
            return connection.await(WsMatch.jsonField("/type", "alert"), Duration.ofMillis(300))
                    .doOnTerminate(() -> waited[0] = System.nanoTime() - start);
        }));

        assertThat(Duration.ofNanos(waited[0])).as(summary.errors().toString()).isBetween(Duration.ofMillis(300), Duration.ofSeconds(2));
        assertThat(summary.metric("ws_errors", Map.of("kind", "await timeout")).count()).isEqualTo(1);
        assertThat(summary.errors()).extracting(ErrorCount::kind).contains("await timeout");
        assertThat(summary.errors()).extracting(ErrorCount::message)
                .contains("no a message with /type = alert on 'silent' within 300 ms");
    }

    @Test
    void aServerThatClosesFailsPendingAwaitsAtOnce() {
        assertClosedWith("/close", "closed by server", "connection 'closing' closed by the server with 1001 (going away)");
    }

    @Test
    void aDroppedConnectionFailsPendingAwaitsAtOnce() {
        assertClosedWith("/drop", "connection lost", null);
    }

    private static void assertClosedWith(String path, String kind, String message) {
        WsRequest closing = ws.connect(path).name("closing");
        long[] waited = new long[1];

        RunSummary summary = WsRuns.iterations(ws, 1, 1, session -> closing.open(session).flatMap(connection -> {
            long start = System.nanoTime();
            return connection.await(WsMatch.any(), Duration.ofSeconds(20)).doOnTerminate(() -> waited[0] = System.nanoTime() - start);
        }));

        assertThat(Duration.ofNanos(waited[0])).isLessThan(Duration.ofSeconds(5));
        assertThat(summary.metric("ws_errors", Map.of("kind", kind)).count()).isEqualTo(1);
        if (message != null) {
            assertThat(summary.errors()).extracting(ErrorCount::message).contains(message);
        }
    }

    @Test
    void aPortWithNoServerIsConnectRefused() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        WebSocket nowhere = WebSocket.builder().baseUrl("ws://127.0.0.1:" + port).build();

        RunSummary summary = WsRuns.iterations(nowhere, 1, 2, session -> nowhere.connect("/").name("nowhere").open(session)
                .onErrorResume(WsException.class, e -> Mono.empty()));

        assertThat(summary.metric("ws_errors", Map.of("kind", "connect refused")).count()).isEqualTo(2);
        assertThat(summary.metric("iterations").count()).isEqualTo(2);
    }

    @Test
    void tlsFailsOnAnUntrustedCertificateByDefaultAndPassesWhenTrusted() throws Exception {
        try (WsTestServer secure = new WsTestServer(true)) {
            WebSocket verifying = WebSocket.builder().baseUrl(secure.url()).build();
            WebSocket trusting = WebSocket.builder().baseUrl(secure.url()).trustAllCertificates().build();

            RunSummary refused = WsRuns.iterations(verifying, 1, 1, session -> verifying.connect("/echo").open(session));
            List<String> echoed = new CopyOnWriteArrayList<>();
            RunSummary trusted = WsRuns.iterations(trusting, 1, 1, session -> trusting.connect("/echo").open(session)
                    .flatMap(connection -> connection.sendText("secure")
                            .then(connection.await(WsMatch.any(), Duration.ofSeconds(2)))
                            .doOnNext(message -> echoed.add(new String(message.bytes(), StandardCharsets.UTF_8)))
                            .then(connection.close(1000, "done"))));

            assertThat(refused.metric("ws_errors", Map.of("kind", "tls")).count()).isEqualTo(1);
            assertThat(trusted.errors()).isEmpty();
            assertThat(echoed).containsExactly("secure");
        }
    }
}
