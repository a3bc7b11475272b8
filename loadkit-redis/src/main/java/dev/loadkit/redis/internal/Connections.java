package dev.loadkit.redis.internal;

import dev.loadkit.core.Session;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The connections of a Redis protocol, on one Lettuce client (a cluster client for Redis Cluster): one per
 * virtual user (closed when it stops), or a shared pool that Lettuce multiplexes. Lettuce reconnects after a server restart; while it is not
 * connected, commands fail at once (counted) instead of queueing, and commands time out on their own.
 */
public final class Connections {

    /**
     * How connections are made.
     *
     * @param connectTimeout the TCP connect timeout
     * @param commandTimeout how long a command may wait for its reply
     * @param trustedCertificates a PEM file of the CAs to trust for {@code rediss://}, or null for the JDK's
     * @param trustAll TLS without verifying the server's certificate
     * @param sharedConnections the size of the shared pool, or 0 for a connection per virtual user
     * @param cluster the URI names a node of a Redis Cluster, whose client routes each command to its key's node
     */
    public record Settings(Duration connectTimeout, Duration commandTimeout, Path trustedCertificates, boolean trustAll,
                           int sharedConnections, boolean cluster) {
    }

    /** A connection made once and kept; after a failed connect the next use tries again. */
    private static final class Lazy<C> {
        private final AtomicReference<Mono<C>> connecting = new AtomicReference<>();
        private volatile C made;

        Mono<C> get(Supplier<Mono<C>> connect) {
            Mono<C> current = connecting.get();
            if (current == null) {
                Mono<C> attempt = connect.get().doOnNext(connection -> made = connection)
                        .doOnError(e -> connecting.set(null)).cache();
                current = connecting.compareAndExchange(null, attempt);
                current = current == null ? attempt : current;
            }
            return current;
        }

        /** The connection once made, else null. */
        C made() {
            return made;
        }
    }

    /** A virtual user's own connections. */
    private static final class UserConnections {
        final Lazy<StatefulConnection<String, String>> commands = new Lazy<>();
        final Lazy<StatefulRedisPubSubConnection<String, String>> pubSub = new Lazy<>();
    }

    private final Settings settings;
    private final Map<String, List<Lazy<StatefulConnection<String, String>>>> shared = new ConcurrentHashMap<>();
    private volatile RedisClient client;
    private ClientResources resources;
    private volatile RedisClusterClient clusterClient;
    private final Lazy<Boolean> topology = new Lazy<>();

    /**
     * Connections made with settings.
     *
     * @param settings the settings
     */
    public Connections(Settings settings) {
        this.settings = settings;
    }

    /**
     * The connection a virtual user sends commands on.
     *
     * @param session the virtual user's session
     * @param uri the target
     * @return the connection, once connected
     */
    public Mono<StatefulConnection<String, String>> commands(Session session, RedisURI uri) {
        return commandsOf(session, uri).get(() -> connect(uri));
    }

    /**
     * The connection a virtual user sends commands on, when it is already made: the fast path of a command,
     * without a subscription to the connecting.
     *
     * @param session the virtual user's session
     * @param uri the target
     * @return the connection, or null before it is made
     */
    public StatefulConnection<String, String> madeCommands(Session session, RedisURI uri) {
        return commandsOf(session, uri).made();
    }

    private Lazy<StatefulConnection<String, String>> commandsOf(Session session, RedisURI uri) {
        if (settings.sharedConnections() > 0) {
            List<Lazy<StatefulConnection<String, String>>> pool = shared.computeIfAbsent(uri.toString(), key -> {
                @SuppressWarnings("unchecked")
                Lazy<StatefulConnection<String, String>>[] lazies = new Lazy[settings.sharedConnections()];
                for (int i = 0; i < lazies.length; i++) {
                    lazies[i] = new Lazy<>();
                }
                return List.of(lazies);
            });
            return pool.get((int) (session.userId() % pool.size()));
        }
        return user(session).commands;
    }

    /**
     * The virtual user's own pub/sub connection (subscriptions belong to a connection).
     *
     * @param session the virtual user's session
     * @param uri the target
     * @return the connection, once connected
     */
    public Mono<StatefulRedisPubSubConnection<String, String>> pubSub(Session session, RedisURI uri) {
        return user(session).pubSub.get(() -> settings.cluster()
                ? topology(uri).then(Mono.fromCompletionStage(() -> clusterClient(uri).connectPubSubAsync(StringCodec.UTF8)))
                        .map(connection -> connection)
                : Mono.fromCompletionStage(() -> client().connectPubSubAsync(StringCodec.UTF8, uri)));
    }

    /**
     * Connects once and sends a {@code PING} before the measured run, so that the first commands do not pay
     * for loading classes, resolving the name and the handshake.
     *
     * @param uri the target
     * @return completes when the server answered
     */
    public Mono<Void> prepare(RedisURI uri) {
        return connect(uri).flatMap(connection -> {
            AsyncCommand<String, String, String> ping = new AsyncCommand<>(new Command<>(CommandType.PING,
                    new StatusOutput<>(StringCodec.UTF8)));
            connection.dispatch(ping);
            return Mono.fromCompletionStage(ping).then(Mono.fromCompletionStage(connection::closeAsync));
        });
    }

    /**
     * Closes the shared connections and the client; the next run makes new ones.
     *
     * @return completes when closed
     */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            shared.clear();
            List<AbstractRedisClient> closing = new java.util.ArrayList<>();
            if (client != null) {
                closing.add(client);
            }
            if (clusterClient != null) {
                closing.add(clusterClient);
            }
            ClientResources threads = resources;
            client = null;
            clusterClient = null;
            resources = null;
            topology.connecting.set(null);
            Mono<Void> clients = Mono.when(closing.stream().map(each -> Mono.fromCompletionStage(each.shutdownAsync())).toList());
            return threads == null ? clients : clients.then(Mono.<Void>create(sink -> threads.shutdown().addListener(done -> sink.success())));
        });
    }

    private UserConnections user(Session session) {
        return session.attachment(UserConnections.class, () -> {
            UserConnections created = new UserConnections();
            session.onStop(() -> {
                closeIfMade(created.commands);
                closeIfMade(created.pubSub);
            });
            return created;
        });
    }

    private static void closeIfMade(Lazy<? extends io.lettuce.core.api.StatefulConnection<?, ?>> lazy) {
        Mono<? extends io.lettuce.core.api.StatefulConnection<?, ?>> made = lazy.connecting.get();
        if (made != null) {
            made.subscribe(connection -> connection.closeAsync(), error -> { });
        }
    }

    private Mono<StatefulConnection<String, String>> connect(RedisURI uri) {
        if (settings.cluster()) {
            return topology(uri).then(Mono.fromCompletionStage(() -> clusterClient(uri).connectAsync(StringCodec.UTF8)))
                    .map(connection -> connection);
        }
        return Mono.fromCompletionStage(() -> client().connectAsync(StringCodec.UTF8, uri)).map(connection -> connection);
    }

    /** The cluster's nodes and slots, learnt once (without blocking) before the first connection. */
    private Mono<Void> topology(RedisURI uri) {
        return this.topology.get(() -> Mono.fromCompletionStage(() -> clusterClient(uri).refreshPartitionsAsync())
                .thenReturn(Boolean.TRUE)).then();
    }

    /** The cluster's client, from the node the URI names; it finds the other nodes itself. */
    private RedisClusterClient clusterClient(RedisURI uri) {
        RedisClusterClient current = clusterClient;
        if (current == null) {
            synchronized (this) {
                if (clusterClient == null) {
                    RedisClusterClient created = RedisClusterClient.create(resources(), uri);
                    created.setOptions(ClusterClientOptions.builder(options()).build());
                    clusterClient = created;
                }
                current = clusterClient;
            }
        }
        return current;
    }

    private RedisClient client() {
        RedisClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    RedisClient created = RedisClient.create(resources());
                    created.setOptions(options());
                    client = created;
                }
                current = client;
            }
        }
        return current;
    }

    /**
     * The clients' threads: one event loop per core the process may use. Lettuce's default is at least two,
     * and two loops on one core take turns at every read, which a profile of a one-core run put at a third
     * less throughput.
     */
    private synchronized ClientResources resources() {
        if (resources == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            resources = DefaultClientResources.builder().ioThreadPoolSize(cores).computationThreadPoolSize(cores).build();
        }
        return resources;
    }

    private ClientOptions options() {
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(true)
                // A standalone server that went away fails commands at once; a cluster's client opens its
                // connections to the nodes lazily, so commands wait for them (within the command timeout).
                .disconnectedBehavior(settings.cluster() ? ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS
                        : ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build());
        if (settings.trustAll() || settings.trustedCertificates() != null) {
            SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
            if (settings.trustAll()) {
                ssl.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else {
                ssl.trustManager(settings.trustedCertificates().toFile());
            }
            options.sslOptions(ssl.build());
        }
        return options.build();
    }

    /**
     * The URI to connect to, with the protocol's TLS verification applied.
     *
     * @param uri the parsed URI
     * @return the URI, not verifying the peer when every certificate is trusted
     */
    public RedisURI secured(RedisURI uri) {
        if (settings.trustAll() && uri.isSsl()) {
            uri.setVerifyPeer(SslVerifyMode.NONE);
        }
        return uri;
    }
}
