package dev.loadkit.redis;

import dev.loadkit.core.Protocol;
import dev.loadkit.core.RunContext;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.redis.internal.Connections;
import dev.loadkit.redis.internal.RedisTarget;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Redis protocol of a test, for Redis and DragonflyDB (and anything that speaks RESP): a URI, TLS,
 * timeouts and how connections are held. Commands, pipelines, streams and pub/sub are defined from it, and
 * it joins the test with {@code LoadTest.Builder.protocol(redis)}. Immutable; built with {@link #builder()}.
 *
 * <pre>{@code
 * Redis redis = Redis.builder().uri("redis://127.0.0.1:6379").build();   // or --host redis://...
 * RedisRequest get = redis.command("GET", "user:{userId}").name("get user");
 * RedisStream tasks = redis.stream("tasks").maxLen(100_000);
 * StreamGroup workers = tasks.group("workers");
 * }</pre>
 *
 * <p><b>Target.</b> {@code redis://[user:password@]host:port[/db]}, {@code rediss://...} for TLS (the
 * certificate verified), {@code redis-sentinel://host:port[,host2:port2]/db#master} through Lettuce's
 * Sentinel support; {@link Builder#cluster()} for Redis Cluster. The run's {@code --host}, when it is a Redis URI, replaces the code's; one of another
 * scheme belongs to another driver. A password never reaches a report or a log.
 *
 * <p><b>Connections.</b> By default each virtual user has a connection of its own, closed when it stops.
 * {@link Builder#sharedConnections} makes all users share a pool instead; Lettuce multiplexes the users'
 * commands on each. When the server goes away, Lettuce reconnects; meanwhile commands fail at once, counted
 * as {@code connection}, and the users go on. The driver itself sends only commands DragonflyDB has.
 */
public final class Redis implements Protocol {

    private final String uri;
    private final String uriVariable;
    private final Duration commandTimeout;
    private final Connections connections;
    private volatile ParsedUri lastParsed;

    private Redis(Builder builder) {
        this.uri = builder.uri;
        this.uriVariable = builder.uriVariable;
        this.commandTimeout = builder.commandTimeout;
        this.connections = new Connections(new Connections.Settings(builder.connectTimeout, builder.commandTimeout,
                builder.trustedCertificates, builder.trustAll, builder.sharedConnections, builder.cluster));
    }

    /**
     * A builder with the defaults: {@code redis://127.0.0.1:6379}, a connection per virtual user, connect
     * timeout 10 s, command timeout 10 s, TLS verified.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Any command, by name and arguments; the arguments take {@code {key}} placeholders.
     *
     * @param command the command's name, such as {@code SET} or {@code JSON.GET}
     * @param arguments its arguments, the key first
     * @return the request, named after the command until {@link RedisRequest#name named}
     */
    public RedisRequest command(String command, String... arguments) {
        return new RedisRequest(this, command, List.of(arguments));
    }

    /**
     * {@code GET key}.
     *
     * @param key the key
     * @return the request
     */
    public RedisRequest get(String key) {
        return command("GET", key);
    }

    /**
     * {@code SET key value}.
     *
     * @param key the key
     * @param value the value
     * @return the request
     */
    public RedisRequest set(String key, String value) {
        return command("SET", key, value);
    }

    /**
     * {@code INCR key}.
     *
     * @param key the key
     * @return the request
     */
    public RedisRequest incr(String key) {
        return command("INCR", key);
    }

    /**
     * {@code DEL key}.
     *
     * @param key the key
     * @return the request
     */
    public RedisRequest del(String key) {
        return command("DEL", key);
    }

    /**
     * {@code HSET key field value}.
     *
     * @param key the key
     * @param field the field
     * @param value the value
     * @return the request
     */
    public RedisRequest hset(String key, String field, String value) {
        return command("HSET", key, field, value);
    }

    /**
     * {@code HGET key field}.
     *
     * @param key the key
     * @param field the field
     * @return the request
     */
    public RedisRequest hget(String key, String field) {
        return command("HGET", key, field);
    }

    /**
     * {@code LPUSH key value}.
     *
     * @param key the key
     * @param value the value
     * @return the request
     */
    public RedisRequest lpush(String key, String value) {
        return command("LPUSH", key, value);
    }

    /**
     * {@code RPOP key}.
     *
     * @param key the key
     * @return the request
     */
    public RedisRequest rpop(String key) {
        return command("RPOP", key);
    }

    /**
     * {@code EXPIRE key seconds}.
     *
     * @param key the key
     * @param ttl the time to live, whole seconds
     * @return the request
     */
    public RedisRequest expire(String key, Duration ttl) {
        return command("EXPIRE", key, Long.toString(ttl.toSeconds()));
    }

    /**
     * Several commands written together and answered together (pipelining): one round trip for all, each
     * command recorded on its own.
     *
     * @param requests the commands, in order
     * @return the pipeline
     */
    public RedisPipeline pipeline(RedisRequest... requests) {
        return new RedisPipeline(this, List.of(requests));
    }

    /**
     * A stream, to produce to ({@link RedisStream#add}) and to consume from in groups ({@link RedisStream#group}).
     *
     * @param key the stream's key; {@code {key}} placeholders take session values
     * @return the stream
     */
    public RedisStream stream(String key) {
        return new RedisStream(this, key, 0);
    }

    /**
     * Publishes a message on a channel, stamped so that loadkit subscribers record its latency.
     *
     * @param channel the channel; placeholders take session values
     * @return the publisher
     */
    public RedisPublisher publisher(String channel) {
        return new RedisPublisher(this, channel);
    }

    /**
     * The messages of channels, on the virtual user's own pub/sub connection, each recorded
     * ({@code pubsub_msgs_received}, and {@code pubsub_msg_latency} for stamped ones); subscribed until the
     * returned stream is cancelled (such as by {@code take(Duration)}).
     *
     * @param session the virtual user's session
     * @param channels the channels
     * @return the messages
     */
    public Flux<PubSubMessage> subscribe(Session session, String... channels) {
        return PubSub.subscribe(this, session, false, Arrays.asList(channels));
    }

    /**
     * The messages of every channel that matches a pattern ({@code PSUBSCRIBE}), as {@link #subscribe}.
     *
     * @param session the virtual user's session
     * @param patterns the patterns, such as {@code agent:*}
     * @return the messages
     */
    public Flux<PubSubMessage> subscribePatterns(Session session, String... patterns) {
        return PubSub.subscribe(this, session, true, Arrays.asList(patterns));
    }

    @Override
    public List<Metric> metrics() {
        return RedisMetrics.all();
    }

    @Override
    public Optional<String> target() {
        return Optional.of(RedisTarget.masked(uri));
    }

    @Override
    public Optional<String> target(RunContext run) {
        return Optional.of(RedisTarget.masked(chosenUri(run)));
    }

    @Override
    public Mono<Void> prepare(RunContext run) {
        return connections.prepare(uriFor(run));
    }

    /** Closes the shared connections and the client; the next run opens new ones. */
    @Override
    public Mono<Void> close() {
        return connections.close();
    }

    Mono<StatefulConnection<String, String>> connection(Session session) {
        return connections.commands(session, uriFor(session.run()));
    }

    /** The virtual user's command connection once made, else null. */
    StatefulConnection<String, String> madeConnection(Session session) {
        return connections.madeCommands(session, uriFor(session.run()));
    }

    Mono<StatefulRedisPubSubConnection<String, String>> pubSubConnection(Session session) {
        return connections.pubSub(session, uriFor(session.run()));
    }

    Duration commandTimeout() {
        return commandTimeout;
    }

    /** The URI of a run: its {@code --host} when that is a Redis URI, else the URI variable's, else the code's. */
    private String chosenUri(RunContext run) {
        return run.host().filter(RedisTarget::isRedis)
                .or(() -> uriVariable == null ? Optional.empty() : run.variable(uriVariable)).orElse(uri);
    }

    /** The parsed URI of a run, parsed once per target. */
    private RedisURI uriFor(RunContext run) {
        String chosen = chosenUri(run);
        ParsedUri parsed = lastParsed;
        if (parsed == null || !parsed.text().equals(chosen)) {
            // Parsed once per target, not per command.
            parsed = new ParsedUri(chosen, connections.secured(RedisTarget.parse(chosen)));
            lastParsed = parsed;
        }
        return parsed.uri();
    }

    /** A URI as written and as Lettuce takes it. */
    private record ParsedUri(String text, RedisURI uri) {
    }

    /** Builds a {@link Redis} protocol. */
    public static final class Builder {

        private String uri = "redis://127.0.0.1:6379";
        private String uriVariable;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration commandTimeout = Duration.ofSeconds(10);
        private Path trustedCertificates;
        private boolean trustAll;
        private int sharedConnections;
        private boolean cluster;

        private Builder() {
        }

        /**
         * The server: {@code redis://[user:password@]host:port[/db]}, {@code rediss://...} (TLS), or
         * {@code redis-sentinel://...}. The run's {@code --host} overrides it.
         *
         * @param newUri the URI
         * @return this builder
         */
        public Builder uri(String newUri) {
            RedisTarget.parse(newUri);
            this.uri = newUri;
            return this;
        }

        /**
         * A run variable that, when the run sets it, replaces the URI: {@code -e NAME=URI}, a jar's own option
         * such as {@code --redis URI}, an environment's {@code env}, or a set-up that started a server. It lets a
         * test that also loads another driver's {@code --host} point this one elsewhere; a {@code --host} that is
         * a Redis URI still wins.
         *
         * @param name the variable's name
         * @return this builder
         */
        public Builder uriVariable(String name) {
            this.uriVariable = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * The TCP connect timeout.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /**
         * How long a command may wait for its reply before it fails as {@code timeout}; a blocking read
         * ({@link StreamGroup#read}) must block for less.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "command timeout");
            return this;
        }

        /**
         * Trusts the CAs of a PEM file instead of the JDK's, for {@code rediss://}; host names are still verified.
         *
         * @param pemFile the certificates
         * @return this builder
         */
        public Builder trustedCertificates(Path pemFile) {
            this.trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
            return this;
        }

        /**
         * Accepts any server certificate: for test environments only.
         *
         * @return this builder
         */
        public Builder trustAllCertificates() {
            this.trustAll = true;
            return this;
        }

        /**
         * All virtual users share a pool of connections instead of having one each; Lettuce multiplexes
         * their commands.
         *
         * @param connections the pool's size, at least 1
         * @return this builder
         */
        public Builder sharedConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("shared connections must be at least 1, got " + connections);
            }
            this.sharedConnections = connections;
            return this;
        }

        /**
         * The URI names a node of a Redis Cluster: Lettuce's cluster client learns the other nodes and sends
         * each command to the node of its key (the first argument of {@link Redis#command}).
         *
         * @return this builder
         */
        public Builder cluster() {
            this.cluster = true;
            return this;
        }

        /**
         * Builds the protocol.
         *
         * @return the protocol
         */
        public Redis build() {
            return new Redis(this);
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
