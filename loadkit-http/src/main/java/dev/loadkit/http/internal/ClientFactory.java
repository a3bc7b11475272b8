package dev.loadkit.http.internal;

import dev.loadkit.core.Session;
import dev.loadkit.http.HttpVersion;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider;
import reactor.netty.tcp.TcpClient;
import reactor.netty.transport.ProxyProvider;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Makes the Reactor Netty clients of one {@code Http} protocol: one per virtual user, each with a
 * connection pool of its own that closes when the user stops, or one shared by all users. The TLS
 * context is built once, when the protocol is, so that a bad certificate file fails at the start.
 */
public final class ClientFactory {

    /**
     * The protocol's settings.
     *
     * @param version the HTTP version
     * @param connectTimeout the connect timeout
     * @param idleTimeout the longest silence between two reads of a response
     * @param responseTimeout the deadline of a whole response
     * @param keepAliveTimeout how long unused connections stay open
     * @param trustAll whether to skip certificate and host name verification
     * @param trustedCertificates CA certificates to verify against, or {@code null} for the JDK's
     * @param clientCertificate a client certificate chain, or {@code null}
     * @param clientKey its private key, or {@code null}
     * @param proxyHost an HTTP proxy's host, or {@code null}
     * @param proxyPort its port
     * @param compression whether to ask for compressed responses
     * @param connectionsPerUser connections per virtual user, when not shared
     * @param sharedConnections the shared pool's size, or 0 for connections per user
     */
    public record Settings(HttpVersion version, Duration connectTimeout, Duration idleTimeout, Duration responseTimeout,
                           Duration keepAliveTimeout,
                           boolean trustAll, Path trustedCertificates, Path clientCertificate, Path clientKey,
                           String proxyHost, int proxyPort, boolean compression, int connectionsPerUser,
                           int sharedConnections) {
    }

    /** A virtual user's clients, one per protocol it uses. */
    private static final class UserClients {
        final Map<ClientFactory, HttpClient> byFactory = new ConcurrentHashMap<>();
    }

    private record Shared(ConnectionProvider provider, HttpClient client) {
    }

    private final Settings settings;
    private final SslContext sslContext;
    private final AtomicReference<Shared> shared = new AtomicReference<>();

    /**
     * Creates the factory.
     *
     * @param settings the protocol's settings
     * @throws IllegalArgumentException when a certificate or key file cannot be used
     */
    public ClientFactory(Settings settings) {
        this.settings = settings;
        this.sslContext = buildSslContext(settings);
    }

    /**
     * The client for a virtual user's request.
     *
     * @param session the virtual user's session
     * @return its own client, or the shared one
     */
    public HttpClient client(Session session) {
        if (settings.sharedConnections() > 0) {
            Shared current = shared.get();
            while (current == null) {
                Shared created = newShared();
                if (shared.compareAndSet(null, created)) {
                    current = created;
                } else {
                    created.provider().disposeLater().subscribe();
                    current = shared.get();
                }
            }
            return current.client();
        }
        return session.attachment(UserClients.class, UserClients::new).byFactory.computeIfAbsent(this, factory -> {
            ConnectionProvider provider = provider("loadkit-user-" + session.userId(), settings.connectionsPerUser());
            session.onStop(() -> provider.disposeLater().subscribe());
            return configure(HttpClient.create(provider));
        });
    }

    /**
     * Gets ready before the schedule: loads the client's classes, its event loops, name resolver and TLS
     * engine (Reactor Netty's warm-up), then opens one TCP connection to the target and closes it, which
     * resolves its name and checks that it is reachable. It sends no request.
     *
     * @param target the target's base URL
     * @return completes when ready; fails when the target cannot be reached
     */
    public Mono<Void> prepare(URI target) {
        Mono<Void> warm = configure(HttpClient.newConnection()).warmup();
        if (settings.proxyHost() != null || target.getHost() == null) {
            return warm;
        }
        int port = target.getPort() > 0 ? target.getPort() : "https".equals(target.getScheme()) ? 443 : 80;
        return warm.then(TcpClient.newConnection().host(target.getHost()).port(port)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .connect()
                .doOnNext(Connection::dispose)
                .then());
    }

    /**
     * Closes the shared pool, if one was opened; a later run opens a new one.
     *
     * @return completes when closed
     */
    public Mono<Void> closeShared() {
        Shared current = shared.getAndSet(null);
        return current == null ? Mono.empty() : current.provider().disposeLater();
    }

    private Shared newShared() {
        ConnectionProvider provider = provider("loadkit-shared", settings.sharedConnections());
        return new Shared(provider, configure(HttpClient.create(provider)));
    }

    private ConnectionProvider provider(String name, int maxConnections) {
        return ConnectionProvider.builder(name)
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(settings.connectTimeout().plus(settings.idleTimeout()))
                .maxIdleTime(settings.keepAliveTimeout())
                .build();
    }

    private HttpClient configure(HttpClient client) {
        boolean http2 = settings.version() != HttpVersion.HTTP_1_1;
        HttpClient configured = client
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        // Reactor Netty's "response timeout" is a read timeout, reset by every read: our idle timeout. The
        // deadline of the whole response is the exchange's own. The read timeout's handler is added to the
        // pipeline and removed again on every request, a tenth of the path's CPU in a profile: it is left out
        // when the deadline comes first anyway, which changes nothing of what times out, or when.
        if (settings.idleTimeout().compareTo(settings.responseTimeout()) < 0) {
            configured = configured.responseTimeout(settings.idleTimeout());
        }
        configured = configured
                .doOnRequest((request, connection) -> RequestTiming.sentOn(request.currentContextView(),
                        connection.channel().eventLoop()))
                .compress(settings.compression())
                .metrics(true, () -> http2 ? TimingRecorder.STREAM_BYTES : TimingRecorder.CONNECTION_BYTES, UnaryOperator.identity())
                .protocol(switch (settings.version()) {
                    case HTTP_1_1 -> new HttpProtocol[] {HttpProtocol.HTTP11};
                    case HTTP_2 -> new HttpProtocol[] {HttpProtocol.H2, HttpProtocol.HTTP11};
                    case H2C -> new HttpProtocol[] {HttpProtocol.H2C};
                });
        if (settings.proxyHost() != null) {
            configured = configured.proxy(proxy -> proxy.type(ProxyProvider.Proxy.HTTP)
                    .host(settings.proxyHost()).port(settings.proxyPort()));
        }
        if (sslContext != null) {
            configured = configured.secure(spec -> {
                SslProvider.Builder tls = spec.sslContext(sslContext);
                if (settings.trustAll()) {
                    tls.handlerConfigurator(handler -> {
                        SSLEngine engine = handler.engine();
                        SSLParameters parameters = engine.getSSLParameters();
                        parameters.setEndpointIdentificationAlgorithm(null);
                        engine.setSSLParameters(parameters);
                    });
                }
            });
        }
        return configured;
    }

    /** The TLS context, or {@code null} for H2C, which never speaks TLS. */
    private static SslContext buildSslContext(Settings settings) {
        if (settings.version() == HttpVersion.H2C) {
            return null;
        }
        UnaryOperator<SslContextBuilder> trust = builder -> {
            if (settings.trustAll()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (settings.trustedCertificates() != null) {
                builder.trustManager(settings.trustedCertificates().toFile());
            }
            if (settings.clientCertificate() != null) {
                builder.keyManager(settings.clientCertificate().toFile(), settings.clientKey().toFile());
            }
            return builder;
        };
        try {
            return settings.version() == HttpVersion.HTTP_2
                    ? Http2SslContextSpec.forClient().configure(trust::apply).sslContext()
                    : Http11SslContextSpec.forClient().configure(trust::apply).sslContext();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + ErrorClassifier.message(e), e);
        }
    }
}
