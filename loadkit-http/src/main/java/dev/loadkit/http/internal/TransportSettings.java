package dev.loadkit.http.internal;

import dev.loadkit.http.HttpVersion;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings of one {@code Http} protocol that its transport needs.
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
public record TransportSettings(HttpVersion version, Duration connectTimeout, Duration idleTimeout, Duration responseTimeout,
                                Duration keepAliveTimeout,
                                boolean trustAll, Path trustedCertificates, Path clientCertificate, Path clientKey,
                                String proxyHost, int proxyPort, boolean compression, int connectionsPerUser,
                                int sharedConnections) {

    /**
     * Whether an idle timeout can fire before the response deadline; when not, only the deadline is watched.
     *
     * @return whether the idle timeout is shorter than the response timeout
     */
    public boolean watchesIdleTime() {
        return idleTimeout.compareTo(responseTimeout) < 0;
    }

    /**
     * The port a URI names, or its scheme's default.
     *
     * @param uri an {@code http} or {@code https} URI
     * @return the port
     */
    public static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : defaultPort(uri.getScheme());
    }

    /**
     * The default port of a scheme.
     *
     * @param scheme {@code http} or {@code https}
     * @return 443 for https, else 80
     */
    public static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    /**
     * The connect timeout in milliseconds, as Netty's option takes it.
     *
     * @return milliseconds
     */
    public int connectTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }
}
