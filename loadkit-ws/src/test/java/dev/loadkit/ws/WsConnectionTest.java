package dev.loadkit.ws;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.metrics.MetricStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebSocket driver against a real server on loopback. The assertions are about counts and kinds, and
 * times only where the code or the server guarantees them (a timeout does not fire early, a reply held
 * 20 ms takes at least 20 ms), never about how fast a shared machine is.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
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
                .then(connection.await(WsMatch.contains("hello"), Duration.ofSeconds(30)))
                .doOnNext(message -> replies.add(message.text()))
                .then(connection.sendBinary(new byte[] {1, 2, 3}))
                .then(connection.await(WsMatch.any(), Duration.ofSeconds(30)))
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
    void sendTextThenAwaitRecordsTheReplyLatency() {
        WsRequest echo = ws.connect("/echo").name("text echo");

        RunSummary summary = WsRuns.iterations(ws, 2, 3, session -> echo.open(session).flatMap(connection -> connection
                .sendText("status?")
                .then(connection.await(WsMatch.contains("status"), Duration.ofSeconds(30)))
                .then(connection.close(1000, "done"))));

        MetricStats awaited = summary.metric("ws_msg_latency", Map.of("name", "text echo", "kind", "await"));
        assertThat(summary.errors()).isEmpty();
        assertThat(awaited.count()).isEqualTo(6);
        assertThat(awaited.trues()).as("failed awaits").isZero();
        assertThat(awaited.distribution().max()).isPositive();
        assertThat(summary.requests()).filteredOn(row -> row.name().equals("text echo") && row.metric().equals("ws_msg_latency"))
                .singleElement().satisfies(row -> assertThat(row.count()).isEqualTo(6));
    }

    @Test
    void repliesAreCorrelatedByIdAndTheirLatencyRecorded() {
        WsRequest reply = ws.connect("/reply").name("rpc");

        RunSummary summary = WsRuns.iterations(ws, 2, 5, session -> reply.connection(session)
                .flatMap(connection -> connection.request(Map.of("op", "status"), "id", Duration.ofSeconds(30)))
                .doOnNext(message -> assertThat(message.json().path("ok").asBoolean()).isTrue()));

        MetricStats replies = summary.metric("ws_msg_latency", Map.of("kind", "reply"));
        assertThat(summary.errors()).isEmpty();
        assertThat(summary.metric("ws_sessions").count()).isEqualTo(2);
        assertThat(replies.count()).isEqualTo(10);
        assertThat(replies.trues()).isZero();
        // The server holds every reply 20 ms, so no reply is faster (19 allows for the histogram's precision).
        assertThat(replies.distribution().min()).isGreaterThan(19);
    }

    @Test
    void aStreamIsWatchedAndEveryPushedMessageIsTimed() {
        WsRequest push = ws.connect("/push").name("metrics").pushTimestamp("/sentAt");
        List<Long> counts = new CopyOnWriteArrayList<>();

        RunSummary summary = WsRuns.iterations(ws, 1, 1, session -> push.open(session)
                .flatMap(connection -> connection.messages(Duration.ofSeconds(30)).take(5).count()
                        .doOnNext(counts::add).then(connection.close(1000, "done"))));

        assertThat(counts).containsExactly(5L);
        assertThat(summary.errors()).isEmpty();
        long received = summary.metric("ws_msgs_received", Map.of("name", "metrics")).count();
        assertThat(received).isGreaterThanOrEqualTo(5);
        assertThat(summary.metric("ws_msg_latency", Map.of("name", "metrics", "kind", "push")).count()).isEqualTo(received);
    }

    @Test
    void anAwaitOnASilentServerTimesOutOnceUnderItsKind() {
        WsRequest silent = ws.connect("/silent").name("silent");
        long[] waited = new long[1];

        RunSummary summary = WsRuns.iterations(ws, 1, 1, session -> silent.open(session).flatMap(connection -> {
            long start = System.nanoTime();
            return connection.await(WsMatch.jsonField("/type", "alert"), Duration.ofMillis(300))
                    .doOnTerminate(() -> waited[0] = System.nanoTime() - start);
        }));

        assertThat(Duration.ofNanos(waited[0])).as(summary.errors().toString()).isBetween(Duration.ofMillis(300), Duration.ofSeconds(30));
        assertThat(WsRuns.errorsOf(summary, "silent")).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("await timeout");
            assertThat(error.count()).isEqualTo(1);
            assertThat(error.message()).isEqualTo("timed out after 300 ms on 'silent' awaiting a message with /type = alert");
        });
        assertThat(summary.metric("ws_errors", Map.of("name", "silent")).count()).isEqualTo(1);
        MetricStats awaited = summary.metric("ws_msg_latency", Map.of("name", "silent"));
        assertThat(awaited.count()).isEqualTo(1);
        assertThat(awaited.trues()).isEqualTo(1);
    }

    @Test
    void aServerThatClosesFailsPendingAwaitsAtOnce() {
        assertClosedWith("/close", "closed by server", "connection 'closing' closed by the server with 1001 (going away)");
    }

    @Test
    void aDroppedConnectionFailsPendingAwaitsAtOnce() {
        assertClosedWith("/drop", "connection lost", null);
    }

    /** The connection's end counts once, under its kind; the await it fails is a failed message, not another error. */
    private static void assertClosedWith(String path, String kind, String message) {
        WsRequest closing = ws.connect(path).name("closing");
        Duration timeout = Duration.ofSeconds(20);
        long[] waited = new long[1];

        RunSummary summary = WsRuns.iterations(ws, 1, 1, session -> closing.open(session).flatMap(connection -> {
            long start = System.nanoTime();
            return connection.await(WsMatch.any(), timeout).doOnTerminate(() -> waited[0] = System.nanoTime() - start);
        }));

        assertThat(Duration.ofNanos(waited[0])).isLessThan(timeout);
        assertThat(WsRuns.errorsOf(summary, "closing")).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(kind);
            assertThat(error.count()).isEqualTo(1);
            if (message != null) {
                assertThat(error.message()).isEqualTo(message);
            }
        });
        assertThat(summary.metric("ws_errors", Map.of("name", "closing")).count()).isEqualTo(1);
        assertThat(summary.metric("ws_msg_latency", Map.of("name", "closing")).trues()).isEqualTo(1);
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

        assertThat(WsRuns.errorsOf(summary, "nowhere")).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo("connect refused");
            assertThat(error.count()).isEqualTo(2);
        });
        assertThat(summary.metric("ws_connecting").count()).isEqualTo(2);
        assertThat(summary.metric("ws_connecting").trues()).isEqualTo(2);
        assertThat(summary.metric("iterations").count()).isEqualTo(2);
    }

    @Test
    void theHostFlagOverridesTheBaseUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        WebSocket elsewhere = WebSocket.builder().baseUrl("ws://127.0.0.1:" + port).build();
        WsRequest echo = elsewhere.connect("/echo").name("echo via host");
        UserClass user = UserClass.named("user").task("task", session -> echo.open(session)
                .flatMap(connection -> connection.close(1000, "done"))).build();

        String host = server.url().replaceFirst("^ws", "http");
        RunSummary summary = LoadTest.named("ws host").users(user).protocol(elsewhere)
                .workload(Workload.perUserIterations(1, 1, Duration.ofSeconds(30))).build()
                .execute(RunOptions.builder().host(host).build());

        assertThat(summary.errors()).isEmpty();
        assertThat(summary.metric("ws_sessions").count()).isEqualTo(1);
        assertThat(summary.parameters()).containsEntry("host", host);
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
                            .then(connection.await(WsMatch.any(), Duration.ofSeconds(30)))
                            .doOnNext(message -> echoed.add(new String(message.bytes(), StandardCharsets.UTF_8)))
                            .then(connection.close(1000, "done"))));

            assertThat(refused.metric("ws_errors", Map.of("kind", "tls")).count()).isEqualTo(1);
            assertThat(refused.errors()).extracting(ErrorCount::kind).contains("tls");
            assertThat(trusted.errors()).isEmpty();
            assertThat(echoed).containsExactly("secure");
        }
    }
}
