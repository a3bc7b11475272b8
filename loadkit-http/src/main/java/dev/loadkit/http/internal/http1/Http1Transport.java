package dev.loadkit.http.internal.http1;

import dev.loadkit.core.Session;
import dev.loadkit.http.internal.Answer;
import dev.loadkit.http.internal.OutgoingRequest;
import dev.loadkit.http.internal.RequestTiming;
import dev.loadkit.http.internal.Tls;
import dev.loadkit.http.internal.Transport;
import dev.loadkit.http.internal.TransportSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP/1.1 on connections of loadkit's own, on Reactor Netty's event loops (epoll where Netty's native
 * transport is present). By default each virtual user has a pool of its own per origin, up to
 * {@code connectionsPerUser}, closed when the user stops; with {@code sharedConnections} all users share one pool
 * per origin. Names are resolved by Netty's non-blocking resolver, never on an event loop by the JDK's.
 */
public final class Http1Transport implements Transport {

    /** The event loops and what goes with them, made on first use and shared with Reactor Netty's clients. */
    private static final class Loops {
        static final LoopResources RESOURCES = HttpResources.get();
        static final EventLoopGroup GROUP = RESOURCES.onClient(true);
        static final AddressResolverGroup<InetSocketAddress> RESOLVER = new DnsAddressResolverGroup(
                new DnsNameResolverBuilder().datagramChannelType(RESOURCES.onChannelClass(DatagramChannel.class, GROUP)));
        static final Bootstrap BOOTSTRAP = new Bootstrap()
                .group(GROUP)
                .channel(RESOURCES.onChannelClass(SocketChannel.class, GROUP))
                .resolver(RESOLVER)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
    }

    /** A virtual user's pools, one per transport and origin; usually one. */
    private static final class UserPools {
        volatile Http1Pool last;
        final List<Http1Pool> all = new ArrayList<>(1);

        synchronized void close() {
            all.forEach(Http1Pool::close);
        }
    }

    private final TransportSettings settings;
    private final SslContext sslContext;
    private final ConcurrentHashMap<String, Http1Pool> shared = new ConcurrentHashMap<>();

    /**
     * Creates the transport.
     *
     * @param settings the protocol's settings
     * @throws IllegalArgumentException when a certificate or key file cannot be used
     */
    public Http1Transport(TransportSettings settings) {
        this.settings = settings;
        this.sslContext = Tls.context(settings);
    }

    @Override
    public Mono<Answer> exchange(OutgoingRequest request, Session session, RequestTiming timing) {
        return new Http1Exchange(pool(request.uri(), session), request, session, timing);
    }

    @Override
    public Mono<Void> prepare(URI target) {
        // Starts the loops and the resolver, and loads the connection's classes on the way.
        return Mono.create(sink -> {
            if (target.getHost() == null) {
                sink.success();
                return;
            }
            Http1Pool probe = new Http1Pool(this, target.getScheme(), target.getHost(), TransportSettings.port(target), 1);
            probe.connect(connected -> {
                if (connected.isSuccess()) {
                    connected.channel().close();
                    sink.success();
                } else {
                    sink.error(connected.cause());
                }
            });
        });
    }

    @Override
    public Mono<Void> close() {
        List<Http1Pool> pools = new ArrayList<>(shared.values());
        shared.clear();
        pools.forEach(Http1Pool::close);
        return Mono.empty();
    }

    TransportSettings settings() {
        return settings;
    }

    SslContext sslContext() {
        return sslContext;
    }

    EventLoopGroup loops() {
        return Loops.GROUP;
    }

    /** Opens a connection for a pool; the pool's handlers are set up by its initializer. */
    ChannelFuture open(Http1Pool pool) {
        return Loops.BOOTSTRAP.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(pool.initializer())
                .connect(InetSocketAddress.createUnresolved(pool.host(), pool.port()));
    }

    private Http1Pool pool(URI uri, Session session) {
        String scheme = uri.getScheme();
        String host = uri.getHost();
        int port = TransportSettings.port(uri);
        if (settings.sharedConnections() > 0) {
            return shared.computeIfAbsent(scheme + "://" + host + ":" + port,
                    origin -> new Http1Pool(this, scheme, host, port, settings.sharedConnections()));
        }
        UserPools pools = session.attachment(UserPools.class, () -> {
            UserPools created = new UserPools();
            session.onStop(created::close);
            return created;
        });
        Http1Pool last = pools.last;
        if (last != null && last.serves(this, scheme, host, port)) {
            return last;
        }
        synchronized (pools) {
            for (Http1Pool pool : pools.all) {
                if (pool.serves(this, scheme, host, port)) {
                    pools.last = pool;
                    return pool;
                }
            }
            Http1Pool created = new Http1Pool(this, scheme, host, port, settings.connectionsPerUser());
            pools.all.add(created);
            pools.last = created;
            return created;
        }
    }
}
