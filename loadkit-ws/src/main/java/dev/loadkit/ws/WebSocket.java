package dev.loadkit.ws;

import dev.loadkit.core.Protocol;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.ErrorKinds;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket protocol of a test: a base URL ({@code ws://} or {@code wss://}), default headers, the
 * connect timeout, TLS, and the largest message. Connections are defined from it with {@link #connect}.
 * Each connection is a channel of its own on Reactor Netty's event loops: no thread per connection, and
 * no buffer kept once a message is read. Its configuration is immutable; built with {@link #builder()}.
 *
 * <p>No connection outlives its run: one that an iteration opened and did not close is closed when the
 * iteration ends, one opened in {@code onStart} or kept with {@link WsRequest#connection} when its user
 * stops, and the end of the run waits until every connection has closed.
 *
 * <p>TLS verifies certificates and host names by default; {@link Builder#trustedCertificates} trusts a
 * test CA, {@link Builder#trustAllCertificates} switches verification off only when asked.
 */
public final class WebSocket implements Protocol {

    private final String baseUrl;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final int maxMessageSize;
    /** One client per source address, taken in turn; one client when none is set. */
    private final List<HttpClient> clients;
    private final AtomicInteger nextClient = new AtomicInteger();
    /** The connections open or closing now, so that the end of a run can wait for each to close. */
    private final Set<WsConnection> live = ConcurrentHashMap.newKeySet();

    /** Whether certificates and host names go unchecked: said in every report. */
    private final boolean trustAll;

    private WebSocket(Builder builder) {
        this.trustAll = builder.trustAll;
        this.baseUrl = builder.baseUrl;
        this.headers = Map.copyOf(builder.headers);
        this.connectTimeout = builder.connectTimeout;
        this.maxMessageSize = builder.maxMessageSize;
        HttpClient base = HttpClient.create(ConnectionProvider.newConnection())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
        SslContext ssl = sslContext(builder);
        if (ssl != null) {
            boolean trustAll = builder.trustAll;
            base = base.secure(spec -> {
                var tls = spec.sslContext(ssl);
                if (trustAll) {
                    tls.handlerConfigurator(handler -> {
                        SSLEngine engine = handler.engine();
                        SSLParameters parameters = engine.getSSLParameters();
                        parameters.setEndpointIdentificationAlgorithm(null);
                        engine.setSSLParameters(parameters);
                    });
                }
            });
        }
        if (builder.localAddresses.isEmpty()) {
            this.clients = List.of(base);
        } else {
            List<HttpClient> bound = new ArrayList<>();
            for (InetAddress address : builder.localAddresses) {
                InetSocketAddress local = new InetSocketAddress(address, 0);
                bound.add(base.bindAddress(() -> local));
            }
            this.clients = List.copyOf(bound);
        }
    }

    /**
     * A builder with the defaults: connect timeout 10 s, messages up to 1 MiB, TLS verified.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A connection to a path (or an absolute {@code ws://} URL); {@code {key}} placeholders take session values.
     *
     * @param path the path
     * @return the connection's definition, named by its path until {@link WsRequest#name named}
     */
    public WsRequest connect(String path) {
        return new WsRequest(this, path);
    }

    @Override
    public List<String> warnings() {
        return trustAll ? List.of("WebSocket TLS certificates and host names are not verified (trust all): the target's"
                + " identity was not checked") : List.of();
    }

    @Override
    public List<Metric> metrics() {
        return WsMetrics.all();
    }

    @Override
    public Optional<String> target() {
        return Optional.ofNullable(baseUrl);
    }

    /**
     * Closes the connections still open at the end of a run and waits until every connection has closed,
     * so that the run's summary holds their {@code ws_session_duration} and no server is left holding one.
     * Each close is bounded by the connect timeout, past which the connection is dropped.
     *
     * @return completes when no connection is open
     */
    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> Mono.when(live.stream().map(connection -> connection.close(1001, "run ended")).toList()));
    }

    /** The client of the next connection: with several source addresses, each in turn. */
    HttpClient client() {
        return clients.size() == 1 ? clients.get(0)
                : clients.get(Math.floorMod(nextClient.getAndIncrement(), clients.size()));
    }

    Map<String, String> headers() {
        return headers;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    int maxMessageSize() {
        return maxMessageSize;
    }

    void opened(WsConnection connection) {
        live.add(connection);
    }

    void closed(WsConnection connection) {
        live.remove(connection);
    }

    /** The URI of a path: the run's {@code --host} (its scheme made {@code ws}) overrides the code's base URL, as every flag does. */
    URI resolve(String pathOrUrl, Session session) {
        if (pathOrUrl.startsWith("ws://") || pathOrUrl.startsWith("wss://")) {
            return URI.create(pathOrUrl);
        }
        String base = session.run().host().map(host -> host.replaceFirst("^http", "ws"))
                .or(() -> Optional.ofNullable(baseUrl))
                .orElseThrow(() -> new IllegalStateException("connection " + pathOrUrl
                        + " has no base URL: set WebSocket.builder().baseUrl(...) or pass --host"));
        return URI.create(base.endsWith("/") && pathOrUrl.startsWith("/") ? base + pathOrUrl.substring(1) : base + pathOrUrl);
    }

    void recordError(Session session, String name, String kind, String message, Throwable cause) {
        session.metrics().counter(WsMetrics.ERRORS, Tags.of(Tags.NAME, name, "kind", kind)).increment();
        session.metrics().error(name, kind, message, cause);
    }

    /** A connect or an await cut before it completed: a failed sample with its time so far, and one error. */
    void recordInterrupted(Session session, RequestSeries series, String name, long intendedStart, long start) {
        session.metrics().counter(WsMetrics.ERRORS, Tags.of(Tags.NAME, name, "kind", ErrorKinds.INTERRUPTED)).increment();
        session.metrics().interrupted(series, name, intendedStart, start);
    }

    /** The kind of a failure to connect. */
    static String kind(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectTimeoutException) {
                return "connect timeout";
            }
            if (cause instanceof ConnectException) {
                return "connect refused";
            }
            if (cause instanceof SSLException) {
                return "tls";
            }
            if (cause instanceof WebSocketClientHandshakeException) {
                return "handshake";
            }
        }
        return "connection lost";
    }

    /** A one-line message for a failure. */
    static String message(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.lines().findFirst().orElse(message);
    }

    private static SslContext sslContext(Builder builder) {
        if (builder.baseUrl != null && builder.baseUrl.startsWith("ws://") && !builder.trustAll && builder.trustedCertificates == null) {
            return null;
        }
        try {
            SslContextBuilder tls = SslContextBuilder.forClient();
            if (builder.trustAll) {
                tls.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (builder.trustedCertificates != null) {
                tls.trustManager(builder.trustedCertificates.toFile());
            }
            return tls.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + message(e), e);
        }
    }

    /** Builds a {@link WebSocket} protocol. */
    public static final class Builder {

        private String baseUrl;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxMessageSize = 1 << 20;
        private boolean trustAll;
        private Path trustedCertificates;
        private final List<InetAddress> localAddresses = new ArrayList<>();

        private Builder() {
        }

        /**
         * The base URL of relative paths, {@code ws://host:port} or {@code wss://host:port}. The run's
         * {@code --host}, with its scheme made {@code ws}, overrides it.
         *
         * @param url the base URL
         * @return this builder
         */
        public Builder baseUrl(String url) {
            if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
                throw new IllegalArgumentException("WebSocket base URL " + url + " must start with ws:// or wss://");
            }
            this.baseUrl = url;
            return this;
        }

        /**
         * A header sent with every handshake.
         *
         * @param name the header's name
         * @param value its value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * How long the connection and its handshake may take, and how long a close may wait for the
         * server's answer before the connection is dropped.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("connect timeout must be positive");
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * The largest message, after its frames are joined.
         *
         * @param bytes the size
         * @return this builder
         */
        public Builder maxMessageSize(int bytes) {
            if (bytes < 125) {
                throw new IllegalArgumentException("max message size must be at least 125 bytes");
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Switches certificate and host name verification off, for test environments. Never the default.
         *
         * @return this builder
         */
        public Builder trustAllCertificates() {
            this.trustAll = true;
            return this;
        }

        /**
         * Verifies servers against these CA certificates (PEM) instead of the JDK's trust store.
         *
         * @param pemFile the certificates
         * @return this builder
         */
        public Builder trustedCertificates(Path pemFile) {
            this.trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
            return this;
        }

        /**
         * The source addresses of the connections, taken in turn. One source address reaches a server's
         * address and port from at most the machine's ephemeral ports (about 28,000 on Linux by default:
         * {@code net.ipv4.ip_local_port_range}); each more address adds as many. On loopback any of
         * {@code 127.0.0.1} to {@code 127.255.255.254} works without setup, so two of them hold 50,000
         * connections to one local server.
         *
         * @param addresses the addresses, such as {@code 127.0.0.2}, {@code 127.0.0.3}
         * @return this builder
         * @throws IllegalArgumentException for an address that is not an IP address
         */
        public Builder localAddresses(String... addresses) {
            localAddresses.clear();
            for (String address : addresses) {
                // Literal addresses only (IPv4, or IPv6 with its colons), so that nothing is looked up by name.
                if (!address.matches("[0-9.]+|[0-9a-fA-F]*:[0-9a-fA-F:.]*")) {
                    throw new IllegalArgumentException("local address " + address + " is not an IP address, like 127.0.0.2");
                }
                try {
                    localAddresses.add(InetAddress.getByName(address));
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("local address " + address + " is not an IP address, like 127.0.0.2", e);
                }
            }
            return this;
        }

        /**
         * Builds the protocol.
         *
         * @return the protocol
         */
        public WebSocket build() {
            return new WebSocket(this);
        }
    }
}
