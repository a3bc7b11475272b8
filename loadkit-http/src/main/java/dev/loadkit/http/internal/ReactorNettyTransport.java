package dev.loadkit.http.internal;

import dev.loadkit.core.Session;
import dev.loadkit.http.HttpVersion;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider;
import reactor.netty.tcp.TcpClient;
import reactor.netty.transport.ProxyProvider;
import reactor.util.context.Context;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * HTTP/2, H2C and proxied requests, on Reactor Netty's clients: one per virtual user, each with a connection pool
 * of its own that closes when the user stops, or one shared by all users.
 */
public final class ReactorNettyTransport implements Transport {

    /** A virtual user's clients, one per protocol it uses. */
    private static final class UserClients {
        final Map<ReactorNettyTransport, HttpClient> byTransport = new ConcurrentHashMap<>();
    }

    private record Shared(ConnectionProvider provider, HttpClient client) {
    }

    private final TransportSettings settings;
    private final SslContext sslContext;
    private final AtomicReference<Shared> shared = new AtomicReference<>();

    /**
     * Creates the transport.
     *
     * @param settings the protocol's settings
     * @throws IllegalArgumentException when a certificate or key file cannot be used
     */
    public ReactorNettyTransport(TransportSettings settings) {
        this.settings = settings;
        this.sslContext = Tls.context(settings);
    }

    @Override
    public Mono<Answer> exchange(OutgoingRequest request, Session session, RequestTiming timing) {
        Duration deadline = settings.responseTimeout();
        return client(session)
                .request(HttpMethod.valueOf(request.method()))
                .uri(request.uri())
                .send((outgoing, out) -> {
                    outgoing.requestHeaders().add(request.headers());
                    if (request.cookieHeader() != null) {
                        outgoing.header(HttpHeaderNames.COOKIE, request.cookieHeader());
                    }
                    if (request.content() == null) {
                        return out;
                    }
                    if (request.contentType() != null) {
                        outgoing.header(HttpHeaderNames.CONTENT_TYPE, request.contentType());
                    }
                    outgoing.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(request.content().length));
                    return out.sendByteArray(Mono.just(request.content()));
                })
                // Streamed chunk by chunk: never aggregated, kept up to the limit, or only counted.
                .response((response, body) -> Mono.defer(() -> {
                    BodyReader reader = new BodyReader(request.bodyLimit(), BodyReader.contentLength(response.responseHeaders()));
                    return body.doOnNext(reader::read).then(Mono.fromSupplier(() -> new Answer(response.status().code(),
                            response.status().reasonPhrase(), response.responseHeaders(), reader.bytes(), session.nanoTime())));
                }))
                .next()
                // The deadline of the whole response, from the start to the last byte; Netty's read timeout
                // (the idle timeout) only bounds the silence between two reads.
                .timeout(deadline, Mono.error(() -> new ResponseDeadlineException(deadline)), LoopTimer.current())
                .contextWrite(Context.of(RequestTiming.class, timing))
                .flatMap(timing::afterRelease);
    }

    /** The client for a virtual user's request: its own, or the shared one. */
    private HttpClient client(Session session) {
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
        return session.attachment(UserClients.class, UserClients::new).byTransport.computeIfAbsent(this, transport -> {
            ConnectionProvider provider = provider("loadkit-user-" + session.userId(), settings.connectionsPerUser());
            session.onStop(() -> provider.disposeLater().subscribe());
            return configure(HttpClient.create(provider));
        });
    }

    @Override
    public Mono<Void> prepare(URI target) {
        Mono<Void> warm = configure(HttpClient.newConnection()).warmup();
        if (settings.proxyHost() != null || target.getHost() == null) {
            return warm;
        }
        int port = TransportSettings.port(target);
        return warm.then(TcpClient.newConnection().host(target.getHost()).port(port)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .connect()
                .doOnNext(Connection::dispose)
                .then());
    }

    @Override
    public Mono<Void> close() {
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
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis());
        // Reactor Netty's "response timeout" is a read timeout, reset by every read: our idle timeout. The
        // deadline of the whole response is the exchange's own. The read timeout's handler is added to the
        // pipeline and removed again on every request, a tenth of the path's CPU in a profile: it is left out
        // when the deadline comes first anyway, which changes nothing of what times out, or when.
        if (settings.watchesIdleTime()) {
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
}
