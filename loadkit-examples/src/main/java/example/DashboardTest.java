package example;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import dev.loadkit.ws.WebSocket;
import dev.loadkit.ws.WsRequest;

import java.time.Duration;
import java.util.Map;

/**
 * Dashboards on NovaCron's WebSocket streams: a metrics stream kept open between iterations, and a VM console
 * that answers each command. Its target is the NovaCron simulator, or any {@code --host}.
 */
public final class DashboardTest {

    private DashboardTest() {
    }

    /**
     * The test.
     *
     * @return the test
     */
    public static LoadTest test() {
        WebSocket ws = WebSocket.builder().baseUrl("ws://127.0.0.1:8090").build();   // or --host; wss:// verifies TLS
        WsRequest metrics = ws.connect("/ws/metrics").name("metrics stream")
                .pushTimestamp("/sentAt");                                      // records ws_msg_latency{kind:push}
        WsRequest console = ws.connect("/ws/console").name("console");

        UserClass dashboard = UserClass.named("dashboard")
                .task("watch metrics", s -> metrics.connection(s)                  // kept open between iterations
                        .flatMap(c -> c.messages(Duration.ofSeconds(3))           // every message for 3 s
                                .filter(m -> m.json().path("type").asText().equals("metric")).count()))
                .task("console", s -> console.open(s).flatMap(c -> c
                        .request(Map.of("cmd", "uptime"), "id", Duration.ofSeconds(2))   // reply correlated by id
                        .then(c.request(Map.of("cmd", "df -h"), "id", Duration.ofSeconds(2)))
                        .then(c.close(1000, "done"))))
                .build();

        return LoadTest.named("dashboards").users(dashboard).protocol(ws)
                .workload(Workload.constantUsers(20, Duration.ofMinutes(1)))
                .threshold("ws_connecting: p(95)<1000")
                .threshold("ws_msg_latency: p(95)<100")
                .build();
    }

    /**
     * Runs the test on the shared command line.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        test().run(args);
    }
}
