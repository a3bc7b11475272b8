package dev.loadkit.http;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server on a free loopback port, for the driver's tests: plain HTTP/1.1, h2c, or TLS
 * (HTTP/1.1 or HTTP/2 by ALPN) with a self-signed certificate for 127.0.0.1. Its routes cover what the
 * tests need: JSON, a small VM API with state, echo, cookies, redirects, statuses, a connection reset,
 * a response that never comes.
 */
final class TestServer implements AutoCloseable {

    enum Mode { HTTP_1_1, H2C, TLS_HTTP_1_1, TLS_H2 }

    private static volatile X509Bundle certificate;

    final AtomicLong requests = new AtomicLong();
    final Set<String> clients = ConcurrentHashMap.newKeySet();
    final Map<String, String> startedVms = new ConcurrentHashMap<>();
    private final Map<String, String> vms = new ConcurrentHashMap<>();
    private final AtomicLong vmIds = new AtomicLong();
    private final DisposableServer server;
    private final String scheme;

    TestServer(Mode mode) throws Exception {
        HttpServer base = HttpServer.create().host("127.0.0.1").port(0).compress(true)
                .doOnConnection(connection -> clients.add(connection.channel().remoteAddress().toString()))
                .route(routes -> routes
                        .get("/hello", (req, res) -> {
                            requests.incrementAndGet();
                            return res.sendString(Mono.just("hello"));
                        })
                        .get("/protocol", (req, res) -> res.sendString(Mono.just(req.protocol())))
                        .get("/json", (req, res) -> res.header("Content-Type", "application/json")
                                .sendString(Mono.just("{\"data\":{\"id\":\"vm-1\",\"count\":3,\"ratio\":0.5,\"ok\":true,"
                                        + "\"items\":[{\"id\":7}],\"state\":\"running\",\"a b\":\"spaced\"}}")))
                        .post("/api/vms", (req, res) -> req.receive().aggregate().asString().defaultIfEmpty("")
                                .flatMap(body -> {
                                    String id = "vm-" + vmIds.incrementAndGet();
                                    vms.put(id, body);
                                    return res.status(201).header("Content-Type", "application/json")
                                            .sendString(Mono.just("{\"id\":\"" + id + "\"}")).then();
                                }))
                        .post("/api/vms/{id}/start", (req, res) -> {
                            String id = req.param("id");
                            if (!vms.containsKey(id)) {
                                return res.status(404).send();
                            }
                            startedVms.put(id, "started");
                            return res.status(202).send();
                        })
                        .get("/echo", (req, res) -> res.sendString(Mono.just(req.uri() + "\n" + req.requestHeaders().get("X-Test", "")
                                + "\n" + req.requestHeaders().get("Cookie", ""))))
                        .post("/echo", (req, res) -> req.receive().aggregate().asString().defaultIfEmpty("")
                                .flatMap(body -> res.sendString(Mono.just(req.requestHeaders().get("Content-Type", "") + "\n" + body)).then()))
                        .get("/set-cookie", (req, res) -> res.header("Set-Cookie", "session=abc; Path=/").send())
                        .get("/needs-cookie", (req, res) -> res.status(req.requestHeaders().get("Cookie", "").contains("session=abc") ? 200 : 401).send())
                        .get("/redirect", (req, res) -> res.sendRedirect("/hello"))
                        .get("/loop", (req, res) -> res.sendRedirect("/loop"))
                        .post("/see-other", (req, res) -> res.status(303).header("Location", "/hello").send())
                        .get("/status/{code}", (req, res) -> res.status(Integer.parseInt(req.param("code"))).send())
                        .get("/reset", (req, res) -> res.withConnection(connection -> connection.channel().close()).then(Mono.never()))
                        .get("/never", (req, res) -> Mono.never())
                        .get("/slow", (req, res) -> res.sendString(Mono.delay(Duration.ofMillis(100)).thenReturn("slow")))
                        .get("/delay/{millis}", (req, res) -> {
                            requests.incrementAndGet();
                            return res.sendString(Mono.delay(Duration.ofMillis(Long.parseLong(req.param("millis")))).thenReturn("late"));
                        })
                        .get("/big", (req, res) -> res.sendString(Mono.just("x".repeat(100_000)))));
        File certificateFile = certificateFile();
        File keyFile = keyFile();
        HttpServer configured = switch (mode) {
            case HTTP_1_1 -> base;
            case H2C -> base.protocol(HttpProtocol.H2C, HttpProtocol.HTTP11);
            case TLS_HTTP_1_1 -> base.secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(certificateFile, keyFile)));
            case TLS_H2 -> base.protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
                    .secure(spec -> spec.sslContext(Http2SslContextSpec.forServer(certificateFile, keyFile)));
        };
        this.server = configured.bindNow();
        this.scheme = mode == Mode.TLS_HTTP_1_1 || mode == Mode.TLS_H2 ? "https" : "http";
    }

    String url() {
        return scheme + "://127.0.0.1:" + server.port();
    }

    static File certificateFile() throws Exception {
        return bundle().toTempCertChainPem();
    }

    static File keyFile() throws Exception {
        return bundle().toTempPrivateKeyPem();
    }

    private static X509Bundle bundle() throws Exception {
        if (certificate == null) {
            certificate = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1").setIsCertificateAuthority(true).buildSelfSigned();
        }
        return certificate;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
