package dev.loadkit.ws;

import io.netty.channel.ChannelOption;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * A real WebSocket server on a free loopback port: echo, a push every 100 ms carrying its send time, a
 * dashboard that pushes every second and echoes what it is sent, replies correlated by id, a server that
 * closes with a close frame, one that drops the connection, and one that never sends. It counts the
 * connections open now and at most, and the pushes it sent, so that tests compare counts, not speeds.
 */
final class WsTestServer implements AutoCloseable {

    /** Connections whose handler is running now. */
    final AtomicInteger open = new AtomicInteger();
    /** The most connections open at once. */
    final AtomicInteger mostOpen = new AtomicInteger();
    /** Pushed messages handed to the connections. */
    final AtomicLong pushed = new AtomicLong();
    private final DisposableServer server;
    private final String scheme;

    WsTestServer(boolean tls) throws Exception {
        HttpServer base = HttpServer.create().host("127.0.0.1").port(0).option(ChannelOption.SO_BACKLOG, 4096)
                .route(routes -> routes
                        .ws("/echo", counted((in, out) -> out.sendObject(in.aggregateFrames().receiveFrames().map(frame -> frame.retain()))))
                        .ws("/push", counted((in, out) -> out.sendString(pushes(Duration.ofMillis(100)).takeUntilOther(in.receiveCloseStatus()))))
                        .ws("/dashboard", counted((in, out) -> out.sendString(Flux.merge(
                                pushes(Duration.ofSeconds(1)).takeUntilOther(in.receiveCloseStatus()),
                                in.receive().asString()))))
                        .ws("/reply", counted((in, out) -> out.sendString(in.receive().asString()
                                .delayElements(Duration.ofMillis(20))
                                .map(text -> text.replace("}", ",\"ok\":true}")))))
                        .ws("/close", counted((in, out) -> Mono.delay(Duration.ofMillis(200))
                                .then(out.sendClose(1001, "going away"))))
                        .ws("/drop", counted((in, out) -> Mono.delay(Duration.ofMillis(200))
                                .then(Mono.fromRunnable(() -> in.withConnection(connection -> connection.channel().close()))).then(Mono.never())))
                        .ws("/silent", counted((in, out) -> in.receive().then())));
        if (tls) {
            X509Bundle certificate = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                    .setIsCertificateAuthority(true).buildSelfSigned();
            var certificateFile = certificate.toTempCertChainPem();
            var keyFile = certificate.toTempPrivateKeyPem();
            base = base.secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(certificateFile, keyFile)));
        }
        server = base.bindNow();
        scheme = tls ? "wss" : "ws";
    }

    /** A handler whose connection counts as open from its start until it ends, however it ends. */
    private BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> counted(
            BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> handler) {
        return (in, out) -> {
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            return Mono.from(handler.apply(in, out)).doFinally(signal -> open.decrementAndGet());
        };
    }

    private Flux<String> pushes(Duration every) {
        return Flux.interval(every).map(seq -> "{\"type\":\"metric\",\"seq\":" + seq + ",\"sentAt\":" + System.currentTimeMillis() + "}")
                .doOnNext(message -> pushed.incrementAndGet());
    }

    String url() {
        return scheme + "://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
