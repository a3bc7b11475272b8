package dev.loadkit.ws;

import dev.loadkit.core.LoadTest;
import dev.loadkit.core.RunSummary;
import dev.loadkit.core.UserClass;
import dev.loadkit.core.Workload;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connections take their source addresses in turn, so that more connections than one address's ports can open. */
class LocalAddressesTest {

    @Test
    void connectionsComeFromEachSourceAddressInTurn() {
        Map<String, AtomicInteger> bySource = new ConcurrentHashMap<>();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .doOnConnection(connection -> bySource.computeIfAbsent(
                        ((InetSocketAddress) connection.channel().remoteAddress()).getAddress().getHostAddress(),
                        source -> new AtomicInteger()).incrementAndGet())
                .route(routes -> routes.ws("/idle", (in, out) -> in.receive().then()))
                .bindNow();
        try {
            WebSocket ws = WebSocket.builder().baseUrl("ws://127.0.0.1:" + server.port())
                    .localAddresses("127.0.0.2", "127.0.0.3").build();
            WsRequest idle = ws.connect("/idle").name("idle");
            UserClass user = UserClass.named("idle").task("hold", session -> idle.connection(session).then()).build();

            RunSummary summary = LoadTest.named("two sources").users(user).protocol(ws)
                    .workload(Workload.perUserIterations(10, 1, Duration.ofSeconds(30))).build().execute();

            assertThat(summary.errors()).isEmpty();
            assertThat(summary.metric("ws_sessions").count()).isEqualTo(10);
            assertThat(bySource).containsOnlyKeys("127.0.0.2", "127.0.0.3");
            assertThat(bySource.get("127.0.0.2").get()).isEqualTo(5);
            assertThat(bySource.get("127.0.0.3").get()).isEqualTo(5);
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void aSourceThatIsNotAnAddressIsRefused() {
        assertThatThrownBy(() -> WebSocket.builder().localAddresses("localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("local address localhost is not an IP address, like 127.0.0.2");
        // A name made of hexadecimal letters is still a name, never looked up.
        assertThatThrownBy(() -> WebSocket.builder().localAddresses("beef"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("local address beef is not an IP address, like 127.0.0.2");
        WebSocket.builder().localAddresses("::1", "127.0.0.2");
    }
}
