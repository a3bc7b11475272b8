package dev.loadkit.grpc.internal;

import dev.loadkit.core.Session;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The channels of a gRPC protocol: one per virtual user (its own connection, closed when it stops), or a
 * shared pool of a fixed size that users take in turn. Channels call back on their event loop
 * ({@code directExecutor}): the driver never blocks there. Retries are off, so that every call the server
 * saw is one the report counts.
 */
public final class ChannelFactory {

    /**
     * How channels are built.
     *
     * @param tls TLS for targets that do not say ({@code host:port})
     * @param trustAll TLS without verifying the server's certificate
     * @param trustedCertificates a PEM file of the CAs to trust instead of the JDK's, or null
     * @param authority the {@code :authority} (and TLS host name) to use instead of the target's, or null
     * @param keepAliveTime how often to ping an idle connection, or null for never
     * @param keepAliveTimeout how long to wait for a ping's answer
     * @param maxInboundMessageSize the largest message accepted, in bytes
     * @param connectTimeout the TCP connect timeout
     * @param sharedChannels the size of the shared pool, or 0 for a channel per virtual user
     */
    public record Settings(boolean tls, boolean trustAll, Path trustedCertificates, String authority,
                           Duration keepAliveTime, Duration keepAliveTimeout, int maxInboundMessageSize,
                           Duration connectTimeout, int sharedChannels) {
    }

    /** A virtual user's own channels, by target, shut down when it stops. */
    private static final class UserChannels {
        final Map<GrpcTarget, ManagedChannel> byTarget = new ConcurrentHashMap<>(2);
    }

    private final Settings settings;
    private final Map<GrpcTarget, List<ManagedChannel>> shared = new ConcurrentHashMap<>();
    private volatile SslContext sslContext;

    /**
     * A factory.
     *
     * @param settings how channels are built
     */
    public ChannelFactory(Settings settings) {
        this.settings = settings;
    }

    /**
     * The channel a virtual user calls a target on.
     *
     * @param session the virtual user's session
     * @param target the target
     * @return the channel
     */
    public ManagedChannel channel(Session session, GrpcTarget target) {
        if (settings.sharedChannels() > 0) {
            List<ManagedChannel> pool = sharedPool(target);
            return pool.get((int) (session.userId() % pool.size()));
        }
        UserChannels channels = session.attachment(UserChannels.class, () -> {
            UserChannels created = new UserChannels();
            session.onStop(() -> created.byTarget.values().forEach(ManagedChannel::shutdownNow));
            return created;
        });
        return channels.byTarget.computeIfAbsent(target, this::build);
    }

    /**
     * Connects once to a target before the measured run, so that the first calls do not pay for loading
     * classes, resolving the name and the handshake, then does more work on that connection, such as
     * fetching schemas by reflection.
     *
     * @param target the target
     * @param then what to do once connected
     * @return completes when connected and done; fails when the target cannot be reached within the connect timeout
     */
    public Mono<Void> prepare(GrpcTarget target, Function<ManagedChannel, Mono<Void>> then) {
        return Mono.defer(() -> {
            boolean pooled = settings.sharedChannels() > 0;
            ManagedChannel channel = pooled ? sharedPool(target).get(0) : build(target);
            Sinks.Empty<Void> ready = Sinks.empty();
            awaitReady(channel, channel.getState(true), ready);
            return ready.asMono()
                    .timeout(settings.connectTimeout(), Mono.error(() -> new IllegalStateException(
                            "no connection to " + target + " within " + settings.connectTimeout().toMillis() + " ms")))
                    .then(Mono.defer(() -> then.apply(channel)))
                    .doFinally(signal -> {
                        if (!pooled) {
                            channel.shutdownNow();
                        }
                    });
        });
    }

    private static void awaitReady(ManagedChannel channel, ConnectivityState state, Sinks.Empty<Void> ready) {
        switch (state) {
            case READY -> ready.tryEmitEmpty();
            case TRANSIENT_FAILURE -> ready.tryEmitError(new IllegalStateException("the connection failed"));
            case SHUTDOWN -> ready.tryEmitError(new IllegalStateException("the channel was shut down"));
            default -> channel.notifyWhenStateChanged(state, () -> awaitReady(channel, channel.getState(false), ready));
        }
    }

    /**
     * Shuts the shared channels down; the next run builds new ones.
     *
     * @return completes when they have terminated
     */
    public Mono<Void> closeShared() {
        return Mono.fromRunnable(() -> {
            List<ManagedChannel> channels = shared.values().stream().flatMap(List::stream).toList();
            shared.clear();
            channels.forEach(ChannelFactory::shutdown);
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /** Lets a channel's calls finish for a while, then cuts them. */
    private static void shutdown(ManagedChannel channel) {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private List<ManagedChannel> sharedPool(GrpcTarget target) {
        return shared.computeIfAbsent(target, key -> {
            ManagedChannel[] pool = new ManagedChannel[settings.sharedChannels()];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = build(key);
            }
            return List.of(pool);
        });
    }

    private ManagedChannel build(GrpcTarget target) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(target.host(), target.port())
                .directExecutor()
                .disableRetry()
                .userAgent("loadkit")
                .maxInboundMessageSize(settings.maxInboundMessageSize())
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis());
        if (settings.keepAliveTime() != null) {
            builder.keepAliveTime(settings.keepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
                    .keepAliveTimeout(settings.keepAliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
                    .keepAliveWithoutCalls(true);
        }
        if (settings.authority() != null) {
            builder.overrideAuthority(settings.authority());
        }
        if (target.usesTls(settings.tls())) {
            builder.sslContext(sslContext());
        } else {
            builder.usePlaintext();
        }
        return builder.build();
    }

    private SslContext sslContext() {
        SslContext context = sslContext;
        if (context == null) {
            synchronized (this) {
                if (sslContext == null) {
                    sslContext = buildSslContext();
                }
                context = sslContext;
            }
        }
        return context;
    }

    private SslContext buildSslContext() {
        try {
            SslContextBuilder builder = GrpcSslContexts.forClient();
            if (settings.trustAll()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (settings.trustedCertificates() != null) {
                builder.trustManager(settings.trustedCertificates().toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS for gRPC: " + e.getMessage(), e);
        }
    }
}
