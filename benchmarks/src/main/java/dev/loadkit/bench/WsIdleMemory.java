package dev.loadkit.bench;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunOptions;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.RunningTest;
import dev.loadkit.core.Stage;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.core.metrics.ErrorCount;
import dev.loadkit.core.report.ReportOptions;
import dev.loadkit.ws.WebSocket;
import dev.loadkit.ws.WsRequest;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.Map;

/**
 * Measures the client heap that one held WebSocket connection costs (its virtual user, session, channel and
 * buffers), each sending a message every 10 s. The server runs in another process so that only the client is
 * measured.
 *
 * <pre>
 * java -cp loadkit-bench.jar dev.loadkit.bench.WsIdleMemory server 19090 &amp;
 * java -cp loadkit-bench.jar dev.loadkit.bench.WsIdleMemory client ws://127.0.0.1:19090 5000
 * java -cp loadkit-bench.jar dev.loadkit.bench.WsIdleMemory client ws://127.0.0.1:19090 50000 127.0.0.2,127.0.0.3
 * </pre>
 *
 * <p>Past about 28,000 connections to one server, give source addresses (the last argument): one address has
 * only that many ephemeral ports. Both processes need {@code ulimit -n} above the connection count.
 */
public final class WsIdleMemory {

    private WsIdleMemory() {
    }

    /**
     * Runs the server or the client.
     *
     * @param args {@code server PORT} or {@code client URL CONNECTIONS [SOURCE,SOURCE...]}
     * @throws InterruptedException when interrupted while measuring
     */
    public static void main(String[] args) throws InterruptedException {
        if (args[0].equals("server")) {
            DisposableServer server = HttpServer.create().host("127.0.0.1").port(Integer.parseInt(args[1]))
                    .route(routes -> routes.ws("/idle", (in, out) -> in.receive().then())).bindNow();
            server.onDispose().block();
            return;
        }
        int connections = Integer.parseInt(args[2]);
        WebSocket.Builder builder = WebSocket.builder().baseUrl(args[1]).connectTimeout(Duration.ofSeconds(30));
        if (args.length > 3) {
            builder.localAddresses(args[3].split(","));
        }
        WebSocket ws = builder.build();
        WsRequest idle = ws.connect("/idle").name("idle");
        // Each connection sends a message, then waits 10 s, and again: mostly idle, never silent.
        LoadTest test = LoadTest.named("held connections")
                .users(UserClass.named("idle").task("hold", session -> idle.connection(session)
                        .flatMap(connection -> connection.sendText("tick"))
                        .then(Mono.delay(Duration.ofSeconds(10), session.scheduler()))).build())
                .protocol(ws)
                .workload(Workload.rampingUsers(Stage.of(Duration.ofSeconds(10), connections), Stage.of(Duration.ofSeconds(30), connections)))
                .gracefulStop(Duration.ofSeconds(11))
                .build();
        long before = SettledHeap.bytes();
        RunningTest running = test.start(RunOptions.builder()
                .reports(new ReportOptions(Map.of(), true, true)).build());
        Thread.sleep(25_000);
        long during = SettledHeap.bytes();
        RunSummary summary = running.await();
        long opened = summary.metric("ws_sessions").count();
        System.out.printf("%d connections opened (%d errors, %d messages sent, %d held at most): %.1f MB of heap,"
                + " %.1f KB each%n", opened, summary.errors().stream().mapToLong(ErrorCount::count).sum(),
                summary.metric("ws_msgs_sent").count(), summary.metric("vus").max(), (during - before) / 1e6,
                (during - before) / 1024.0 / opened);
    }
}
