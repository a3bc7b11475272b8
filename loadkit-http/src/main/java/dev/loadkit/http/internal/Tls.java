package dev.loadkit.http.internal;

import dev.loadkit.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;

import javax.net.ssl.SSLException;
import java.util.function.UnaryOperator;

/** The TLS context of a protocol, built once, when the protocol is, so that a bad certificate file fails at the start. */
public final class Tls {

    private Tls() {
    }

    /**
     * Builds the context.
     *
     * @param settings the protocol's settings
     * @return the context, or {@code null} for H2C, which never speaks TLS
     * @throws IllegalArgumentException when a certificate or key file cannot be used
     */
    public static SslContext context(TransportSettings settings) {
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
