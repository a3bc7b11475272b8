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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;

/**
 * Measures the client heap that one idle WebSocket connection costs: its virtual user, session, channel
 * and buffers. The server runs in another process so that only the client is measured.
 *
 * <pre>
 * java -cp loadkit-bench.jar dev.loadkit.bench.WsIdleMemory server 19090 &amp;
 * java -cp loadkit-bench.jar dev.loadkit.bench.WsIdleMemory client ws://127.0.0.1:19090 5000
 * </pre>
 */
public final class WsIdleMemory {

    private WsIdleMemory() {
    }

    /**
     * Runs the server or the client.
     *
     * @param args {@code server PORT} or {@code client URL CONNECTIONS}
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
        WebSocket ws = WebSocket.builder().baseUrl(args[1]).build();
        WsRequest idle = ws.connect("/idle").name("idle");
        LoadTest test = LoadTest.named("idle connections")
                .users(UserClass.named("idle").task("hold", session -> idle.connection(session)
                        .flatMap(connection -> Mono.delay(Duration.ofSeconds(5), session.scheduler()))).build())
                .protocol(ws)
                .workload(Workload.rampingUsers(Stage.of(Duration.ofSeconds(5), connections), Stage.of(Duration.ofSeconds(20), connections)))
                .gracefulStop(Duration.ofSeconds(6))
                .build();
        long before = settledHeap();
        RunningTest running = test.start(RunOptions.builder()
                .reports(new ReportOptions(Map.of(), true, true)).build());
        Thread.sleep(15_000);
        long during = settledHeap();
        RunSummary summary = running.await();
        long opened = summary.metric("ws_sessions").count();
        System.out.printf("%d idle connections opened (%d errors): %.1f MB of heap, %.1f KB each%n", opened,
                summary.errors().stream().mapToLong(ErrorCount::count).sum(), (during - before) / 1e6,
                (during - before) / 1024.0 / opened);
    }

    private static long settledHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
