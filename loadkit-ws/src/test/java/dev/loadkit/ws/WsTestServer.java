package dev.loadkit.ws;

import io.netty.channel.ChannelOption;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real WebSocket server on a free loopback port: echo, a push every 100 ms (or every second on
 * {@code /slow-push}) carrying its send time, replies correlated by id, a server that closes with a
 * close frame, one that drops the connection, and one that never sends.
 */
final class WsTestServer implements AutoCloseable {

    final AtomicInteger open = new AtomicInteger();
    private final DisposableServer server;
    private final String scheme;

    WsTestServer(boolean tls) throws Exception {
        HttpServer base = HttpServer.create().host("127.0.0.1").port(0).option(ChannelOption.SO_BACKLOG, 4096)
                .route(routes -> routes
                        .ws("/echo", (in, out) -> out.sendObject(in.aggregateFrames().receiveFrames().map(frame -> frame.retain())))
                        .ws("/push", (in, out) -> push(in, out, Duration.ofMillis(100)))
                        .ws("/slow-push", (in, out) -> push(in, out, Duration.ofSeconds(1)))
                        .ws("/reply", (in, out) -> out.sendString(in.receive().asString()
                                .delayElements(Duration.ofMillis(20))
                                .map(text -> text.replace("}", ",\"ok\":true}"))))
                        .ws("/close", (in, out) -> Mono.delay(Duration.ofMillis(200))
                                .then(out.sendClose(1001, "going away")))
                        .ws("/drop", (in, out) -> Mono.delay(Duration.ofMillis(200))
                                .then(Mono.fromRunnable(() -> in.withConnection(connection -> connection.channel().close()))).then(Mono.never()))
                        .ws("/silent", (in, out) -> in.receive().then()));
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

    private Mono<Void> push(reactor.netty.http.websocket.WebsocketInbound in,
                            reactor.netty.http.websocket.WebsocketOutbound out, Duration every) {
        open.incrementAndGet();
        return out.sendString(Flux.interval(every).map(seq -> "{\"type\":\"metric\",\"seq\":" + seq
                        + ",\"sentAt\":" + System.currentTimeMillis() + "}")
                        .takeUntilOther(in.receiveCloseStatus()))
                .then()
                .doFinally(signal -> open.decrementAndGet());
    }

    String url() {
        return scheme + "://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(10));
    }
}
