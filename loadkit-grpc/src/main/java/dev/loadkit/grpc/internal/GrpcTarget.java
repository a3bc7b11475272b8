package dev.loadkit.grpc.internal;

import java.net.URI;
import java.util.Optional;

/**
 * Where calls go: a host, a port, and whether the connection uses TLS, from {@code grpc://host:port}
 * (plaintext), {@code grpcs://host[:port]} (TLS, port 443 by default) or {@code host:port} (the
 * protocol's own TLS setting).
 *
 * @param host the host name or address
 * @param port the port
 * @param tls TLS or plaintext; empty when the text did not say
 */
public record GrpcTarget(String host, int port, Optional<Boolean> tls) {

    /**
     * Parses a target.
     *
     * @param text the target
     * @return the target
     * @throws IllegalArgumentException when it is not one of the three forms
     */
    public static GrpcTarget parse(String text) {
        String trimmed = text.trim();
        Optional<Boolean> tls = Optional.empty();
        String authority = trimmed;
        if (trimmed.startsWith("grpc://")) {
            tls = Optional.of(false);
            authority = trimmed.substring("grpc://".length());
        } else if (trimmed.startsWith("grpcs://")) {
            tls = Optional.of(true);
            authority = trimmed.substring("grpcs://".length());
        } else if (trimmed.contains("://")) {
            throw new IllegalArgumentException("gRPC target '" + text + "' must be grpc://host:port, grpcs://host:port or host:port");
        }
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(null, authority, null, null, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("gRPC target '" + text + "' is not host:port: " + e.getReason());
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null || authority.contains("/")) {
            throw new IllegalArgumentException("gRPC target '" + text + "' is not host:port");
        }
        if (port < 0) {
            if (tls.orElse(false)) {
                port = 443;
            } else {
                throw new IllegalArgumentException("gRPC target '" + text + "' needs a port, such as " + host + ":50051");
            }
        }
        return new GrpcTarget(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port, tls);
    }

    /**
     * Whether a text is a gRPC target rather than another driver's, such as an HTTP base URL.
     *
     * @param text the text, such as the run's {@code --host}
     * @return true for {@code grpc://}, {@code grpcs://} and {@code host:port}
     */
    public static boolean isGrpc(String text) {
        return text.startsWith("grpc://") || text.startsWith("grpcs://") || !text.contains("://");
    }

    /**
     * Whether calls use TLS.
     *
     * @param byDefault the protocol's setting, for a target that does not say
     * @return true for TLS
     */
    public boolean usesTls(boolean byDefault) {
        return tls.orElse(byDefault);
    }

    @Override
    public String toString() {
        return (tls.isEmpty() ? "" : tls.get() ? "grpcs://" : "grpc://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
