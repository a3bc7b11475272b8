package dev.loadkit.http;

import dev.loadkit.core.Protocol;
import dev.loadkit.core.RunContext;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.http.internal.Transport;
import dev.loadkit.http.internal.TransportSettings;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP protocol of a test, as Gatling's {@code http} protocol: a base URL, default headers,
 * timeouts, the HTTP version, TLS, a proxy, redirects, compression, and how connections are held.
 * Requests are defined from it ({@link #get}, {@link #post}, ...) and add it to the test with
 * {@code LoadTest.Builder.protocol(http)}. Immutable; built with {@link #builder()}.
 *
 * <p><b>Connections.</b> By default each virtual user has connections of its own (up to
 * {@link Builder#connectionsPerUser six}, as a browser), kept alive between its requests and closed
 * when it stops: the server sees as many clients as there are users, as in Gatling and k6. For the most
 * requests per second from one machine, {@link Builder#sharedConnections(int)} makes all users share one
 * pool of a fixed size instead.
 *
 * <p><b>TLS.</b> Certificates are verified against the JDK's trust store and the host name, unless a
 * test environment's own CA is given ({@link Builder#trustedCertificates}) or verification is switched
 * off explicitly ({@link Builder#trustAllCertificates}).
 */
public final class Http implements Protocol {

    private final String baseUrl;
    private final Map<String, String> headers;
    private final int maxRedirects;
    private final Duration responseTimeout;
    private final int maxBodySize;
    private final Transport transport;

    /** Whether certificates and host names go unchecked: said in every report. */
    private final boolean trustAll;

    private Http(Builder builder) {
        this.trustAll = builder.trustAll;
        this.baseUrl = builder.baseUrl;
        this.headers = Map.copyOf(builder.headers);
        this.maxRedirects = builder.maxRedirects;
        this.responseTimeout = builder.responseTimeout;
        this.maxBodySize = builder.maxBodySize;
        this.transport = Transport.of(new TransportSettings(builder.version, builder.connectTimeout,
                builder.idleTimeout, builder.responseTimeout, builder.keepAliveTimeout, builder.trustAll, builder.trustedCertificates,
                builder.clientCertificate, builder.clientKey, builder.proxyHost, builder.proxyPort,
                builder.compression, builder.connectionsPerUser, builder.sharedConnections));
    }

    /**
     * A builder with the defaults: HTTP/1.1, connect timeout 10 s, response timeout 60 s, idle timeout
     * 30 s, redirects followed up to 10, no compression, six connections per virtual user.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A GET request.
     *
     * @param path a path relative to the base URL, or an absolute URL; {@code {key}} placeholders take session values
     * @return the request, named {@code GET path} until {@link HttpRequest#name named}
     */
    public HttpRequest get(String path) {
        return request("GET", path);
    }

    /**
     * A POST request.
     *
     * @param path the path template
     * @return the request
     */
    public HttpRequest post(String path) {
        return request("POST", path);
    }

    /**
     * A PUT request.
     *
     * @param path the path template
     * @return the request
     */
    public HttpRequest put(String path) {
        return request("PUT", path);
    }

    /**
     * A PATCH request.
     *
     * @param path the path template
     * @return the request
     */
    public HttpRequest patch(String path) {
        return request("PATCH", path);
    }

    /**
     * A DELETE request.
     *
     * @param path the path template
     * @return the request
     */
    public HttpRequest delete(String path) {
        return request("DELETE", path);
    }

    /**
     * A HEAD request.
     *
     * @param path the path template
     * @return the request
     */
    public HttpRequest head(String path) {
        return request("HEAD", path);
    }

    /**
     * An OPTIONS request.
     *
     * @param path the path template
     * @return the request
     */
    public HttpRequest options(String path) {
        return request("OPTIONS", path);
    }

    /**
     * A request of any method.
     *
     * @param method the method, such as {@code PROPFIND}
     * @param path the path template
     * @return the request
     */
    public HttpRequest request(String method, String path) {
        return new HttpRequest(this, method, path);
    }

    @Override
    public List<String> warnings() {
        return trustAll ? List.of("HTTP TLS certificates and host names are not verified (trust all): the target's"
                + " identity was not checked") : List.of();
    }

    @Override
    public List<Metric> metrics() {
        return HttpMetrics.all();
    }

    /** Closes the shared connection pool, if there is one; the next run opens a new one. */
    @Override
    public Mono<Void> close() {
        return transport.close();
    }

    /** The absolute URI of a request, from its path (or URL) and the base URL or the run's {@code --host}. */
    URI resolve(String pathOrUrl, Session session) {
        if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")) {
            return URI.create(pathOrUrl);
        }
        String base = baseFor(session);
        if (base.isEmpty()) {
            throw new IllegalStateException("request " + pathOrUrl
                    + " has no base URL: set Http.builder().baseUrl(...) or pass --host");
        }
        return URI.create(base.endsWith("/") && pathOrUrl.startsWith("/") ? base + pathOrUrl.substring(1) : base + pathOrUrl);
    }

    /**
     * The base URL for a virtual user's run: the run's {@code --host}, which overrides the code as every flag
     * does, else the protocol's; empty if neither.
     */
    String baseFor(Session session) {
        return session.run().host().orElse(baseUrl == null ? "" : baseUrl);
    }

    @Override
    public Mono<Void> prepare(RunContext run) {
        String base = run.host().orElse(baseUrl);
        return base == null || base.isEmpty() ? Mono.empty() : transport.prepare(URI.create(base));
    }

    @Override
    public Optional<String> target() {
        return Optional.ofNullable(baseUrl);
    }

    Duration responseTimeout() {
        return responseTimeout;
    }

    int maxBodySize() {
        return maxBodySize;
    }

    Map<String, String> headers() {
        return headers;
    }

    int maxRedirects() {
        return maxRedirects;
    }

    Transport transport() {
        return transport;
    }

    /** Builds an {@link Http} protocol. */
    public static final class Builder {

        private String baseUrl;
        private final Map<String, String> headers = new LinkedHashMap<>(Map.of("User-Agent", "loadkit"));
        private HttpVersion version = HttpVersion.HTTP_1_1;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration responseTimeout = Duration.ofSeconds(60);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration keepAliveTimeout = Duration.ofSeconds(60);
        private int maxBodySize = 10 * 1024 * 1024;
        private boolean trustAll;
        private Path trustedCertificates;
        private Path clientCertificate;
        private Path clientKey;
        private String proxyHost;
        private int proxyPort;
        private int maxRedirects = 10;
        private boolean compression;
        private int connectionsPerUser = 6;
        private int sharedConnections;

        private Builder() {
        }

        /**
         * The base URL of relative paths, such as {@code https://staging.example.com}; without one, the
         * run's {@code --host} is used.
         *
         * @param url the base URL
         * @return this builder
         */
        public Builder baseUrl(String url) {
            URI parsed = URI.create(Objects.requireNonNull(url, "url"));
            if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
                throw new IllegalArgumentException("base URL " + url + " must start with http:// or https://");
            }
            this.baseUrl = url;
            return this;
        }

        /**
         * A header sent with every request.
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
         * The HTTP version.
         *
         * @param newVersion the version
         * @return this builder
         */
        public Builder version(HttpVersion newVersion) {
            this.version = Objects.requireNonNull(newVersion, "version");
            return this;
        }

        /**
         * How long establishing a connection may take.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * The deadline of a whole response, from the request's start to the last byte of its body (60 s by
         * default): a server that answers at once and then drips its body still times out. Past it the
         * request fails with kind {@code response timeout}.
         *
         * @param timeout the deadline
         * @return this builder
         */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = positive(timeout, "response timeout");
            return this;
        }

        /**
         * The longest silence between two reads while a response is awaited (30 s by default): a server
         * that stops sending fails the request with kind {@code idle timeout} this long after its last byte,
         * before the response timeout if that is longer.
         *
         * @param timeout the idle timeout
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idle timeout");
            return this;
        }

        /**
         * How long an unused kept-alive connection may wait in the pool and still be reused (60 s by default);
         * past it, it is closed instead (over HTTP/1.1 when it would next be taken, or when its user stops).
         *
         * @param timeout the time
         * @return this builder
         */
        public Builder keepAliveTimeout(Duration timeout) {
            this.keepAliveTimeout = positive(timeout, "keep-alive timeout");
            return this;
        }

        /**
         * The largest response body kept for checks and for the task (10 MB by default). A larger body
         * fails its request with kind {@code body too large}, and is never buffered past the limit, so
         * memory stays bounded whatever the server sends. A request with {@link HttpRequest#discardBody()}
         * keeps no body at all: it is streamed and counted, whatever its size.
         *
         * @param bytes the limit in bytes
         * @return this builder
         */
        public Builder maxBodySize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("max body size must not be negative");
            }
            this.maxBodySize = bytes;
            return this;
        }

        /**
         * Switches certificate and host name verification off, for test environments with self-signed
         * certificates. Never the default.
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
         * A client certificate for servers that ask for one (mutual TLS).
         *
         * @param certificatePem the certificate chain (PEM)
         * @param privateKeyPem its private key (PKCS#8 PEM)
         * @return this builder
         */
        public Builder clientCertificate(Path certificatePem, Path privateKeyPem) {
            this.clientCertificate = Objects.requireNonNull(certificatePem, "certificatePem");
            this.clientKey = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            return this;
        }

        /**
         * Sends every request through an HTTP proxy.
         *
         * @param host the proxy's host
         * @param port the proxy's port
         * @return this builder
         */
        public Builder proxy(String host, int port) {
            this.proxyHost = Objects.requireNonNull(host, "host");
            this.proxyPort = port;
            return this;
        }

        /**
         * Follows redirects, each recorded as a request of its own, up to a number of hops.
         *
         * @param max the most redirects of one request; 0 to return redirects as responses
         * @return this builder
         */
        public Builder followRedirects(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("redirects must not be negative");
            }
            this.maxRedirects = max;
            return this;
        }

        /**
         * Asks for compressed responses (gzip, deflate) and decompresses them.
         *
         * @param enabled whether to
         * @return this builder
         */
        public Builder compression(boolean enabled) {
            this.compression = enabled;
            return this;
        }

        /**
         * Gives each virtual user connections of its own, up to this many at once (the default, with six).
         *
         * @param max the most connections of one user
         * @return this builder
         */
        public Builder connectionsPerUser(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("connections per user must be at least 1");
            }
            this.connectionsPerUser = max;
            this.sharedConnections = 0;
            return this;
        }

        /**
         * Makes all virtual users share one pool of connections, for the most throughput.
         *
         * @param poolSize the pool's size
         * @return this builder
         */
        public Builder sharedConnections(int poolSize) {
            if (poolSize < 1) {
                throw new IllegalArgumentException("a shared pool needs at least one connection");
            }
            this.sharedConnections = poolSize;
            return this;
        }

        /**
         * Builds the protocol.
         *
         * @return the protocol
         */
        public Http build() {
            return new Http(this);
        }

        private static Duration positive(Duration duration, String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return duration;
        }
    }
}
