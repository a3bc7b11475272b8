package dev.loadkit.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DynamicMessage;
import dev.loadkit.core.Protocol;
import dev.loadkit.core.RunContext;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.Metric;
import dev.loadkit.grpc.internal.ChannelFactory;
import dev.loadkit.grpc.internal.GrpcTarget;
import dev.loadkit.grpc.internal.ReflectionClient;
import dev.loadkit.grpc.internal.Schemas;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gRPC protocol of a test: a target, TLS, channels, deadlines and default metadata. Calls are defined
 * from it, with the user's generated code ({@link #call(MethodDescriptor)}, given
 * {@code EchoGrpc.getSayMethod()}) or by name without generated code ({@link #dynamic(String)}, the
 * schema from a descriptor set or the server's reflection), and it joins the test with
 * {@code LoadTest.Builder.protocol(grpc)}. Immutable; built with {@link #builder()}.
 *
 * <p><b>Target.</b> {@code grpc://host:port} is plaintext, {@code grpcs://host[:port]} is TLS, and
 * {@code host:port} follows {@link Builder#plaintext()} (TLS when not set, as in grpc-java). The run's
 * {@code --host}, when it is one of these forms, replaces the code's target; a {@code --host} of another
 * scheme ({@code http://}) belongs to another driver of the test and leaves this one alone.
 *
 * <p><b>Channels.</b> By default each virtual user has a channel of its own (one HTTP/2 connection),
 * closed when it stops: the server sees as many clients as there are users. {@link Builder#sharedChannels}
 * makes all users share a pool of a fixed size instead, as ghz's {@code --connections}.
 *
 * <p><b>TLS.</b> Certificates are verified against the JDK's trust store and the host name, unless a test
 * environment's own CA is given ({@link Builder#trustedCertificates}) or verification is switched off
 * explicitly ({@link Builder#trustAllCertificates}).
 */
public final class Grpc implements Protocol {

    private final String target;
    private final Duration deadline;
    private final String compression;
    private final Map<String, String> metadata;
    /** The files of the descriptor set, or null to ask the server's reflection. */
    private final Collection<FileDescriptorProto> descriptorSet;
    private final ChannelFactory channels;
    /** Dynamic methods' descriptors, by target and method, fetched once per run. */
    private final Map<String, Mono<MethodDescriptor<DynamicMessage, DynamicMessage>>> dynamicMethods = new ConcurrentHashMap<>();
    /** The dynamic calls defined from this protocol, whose schemas {@link #prepare} fetches before the run. */
    private final Set<String> dynamicNames = ConcurrentHashMap.newKeySet();

    /** Whether certificates and host names go unchecked: said in every report. */
    private final boolean trustAll;

    private Grpc(Builder builder) {
        this.trustAll = builder.trustAll;
        this.target = builder.target;
        this.deadline = builder.deadline;
        this.compression = builder.compression;
        this.metadata = Map.copyOf(builder.metadata);
        this.descriptorSet = builder.descriptorSet;
        this.channels = new ChannelFactory(new ChannelFactory.Settings(!builder.plaintext, builder.trustAll,
                builder.trustedCertificates, builder.authority, builder.keepAliveTime, builder.keepAliveTimeout,
                builder.maxInboundMessageSize, builder.connectTimeout, builder.sharedChannels));
    }

    /**
     * A builder with the defaults: TLS verified, a channel per virtual user, deadline 60 s, connect timeout
     * 10 s, messages up to 4 MB, no compression, no keep-alive pings.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A call of a method of the user's generated code, such as {@code EchoGrpc.getSayMethod()}: unary,
     * server streaming, client streaming or bidi streaming, as the method is.
     *
     * @param method the method's descriptor
     * @param <Q> the request message
     * @param <R> the reply message
     * @return the call, named after the method until {@link GrpcCall#name named}
     */
    public <Q, R> GrpcCall<Q, R> call(MethodDescriptor<Q, R> method) {
        return GrpcCall.of(this, method);
    }

    /**
     * A call of a method known only by name, as ghz and grpcurl make them: the schema comes from the
     * {@link Builder#descriptorSet descriptor set} if there is one, else from the server's reflection, once
     * per run. Requests are JSON ({@link GrpcCall#json}), and replies are read as JSON by checks.
     *
     * @param fullMethod {@code package.Service/Method}
     * @return the call
     * @throws IllegalArgumentException when the name is not a method's, or the descriptor set lacks it
     */
    public GrpcCall<DynamicMessage, DynamicMessage> dynamic(String fullMethod) {
        if (descriptorSet != null) {
            // Known now: a misspelt method fails where it is defined, not in the middle of the run.
            Schemas.method(descriptorSet, fullMethod);
        } else {
            Schemas.serviceOf(fullMethod);
        }
        GrpcCall<DynamicMessage, DynamicMessage> call = GrpcCall.dynamic(this, fullMethod);
        dynamicNames.add(call.fullMethod());
        return call;
    }

    @Override
    public List<String> warnings() {
        return trustAll ? List.of("gRPC TLS certificates and host names are not verified (trust all): the target's"
                + " identity was not checked") : List.of();
    }

    @Override
    public List<Metric> metrics() {
        return GrpcMetrics.all();
    }

    @Override
    public Optional<String> target() {
        return Optional.ofNullable(target);
    }

    @Override
    public Optional<String> target(RunContext run) {
        return run.host().filter(GrpcTarget::isGrpc).or(this::target);
    }

    /**
     * Connects once to the target, and fetches the schemas of the dynamic calls by reflection, so that neither
     * counts in the first calls' latencies.
     */
    @Override
    public Mono<Void> prepare(RunContext run) {
        return targetFor(run).map(resolved -> channels.prepare(resolved, channel -> Flux.fromIterable(dynamicNames)
                        .concatMap(name -> dynamicMethod(resolved, channel, name))
                        .then()))
                .orElse(Mono.empty());
    }

    /** Shuts the shared channels down, if there are; the next run opens new ones. */
    @Override
    public Mono<Void> close() {
        return channels.closeShared();
    }

    /** The target of a run: its {@code --host} when that is a gRPC target, else the code's. */
    private Optional<GrpcTarget> targetFor(RunContext run) {
        Optional<String> host = run.host().filter(GrpcTarget::isGrpc);
        return host.or(() -> Optional.ofNullable(target)).map(GrpcTarget::parse);
    }

    GrpcTarget target(Session session) {
        return targetFor(session.run()).orElseThrow(() -> new IllegalStateException(
                "the gRPC protocol has no target: set Grpc.builder().target(...) or pass --host grpc://host:port"));
    }

    ManagedChannel channel(Session session) {
        return channels.channel(session, target(session));
    }

    /** A dynamic method's descriptor for a virtual user's target, fetched once per target. */
    Mono<MethodDescriptor<DynamicMessage, DynamicMessage>> dynamicMethod(Session session, String fullMethod) {
        GrpcTarget resolved = target(session);
        return dynamicMethod(resolved, channels.channel(session, resolved), fullMethod);
    }

    private Mono<MethodDescriptor<DynamicMessage, DynamicMessage>> dynamicMethod(GrpcTarget resolved, Channel channel,
                                                                                 String fullMethod) {
        return dynamicMethods.computeIfAbsent(resolved + " " + fullMethod, key -> {
            Mono<Collection<FileDescriptorProto>> files = descriptorSet != null
                    ? Mono.just(descriptorSet)
                    : ReflectionClient.fetch(channel, Schemas.serviceOf(fullMethod));
            // Kept once found; a failure (such as the server not up yet) is tried again by the next call.
            return files.map(found -> Schemas.method(found, fullMethod)).cacheInvalidateIf(method -> false)
                    .onErrorMap(IllegalArgumentException.class, IllegalStateException::new);
        });
    }

    Duration deadline() {
        return deadline;
    }

    String compression() {
        return compression;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    /** Builds a {@link Grpc} protocol. */
    public static final class Builder {

        private String target;
        private boolean plaintext;
        private boolean trustAll;
        private Path trustedCertificates;
        private String authority;
        private int sharedChannels;
        private Duration deadline = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration keepAliveTime;
        private Duration keepAliveTimeout = Duration.ofSeconds(20);
        private int maxInboundMessageSize = 4 * 1024 * 1024;
        private String compression;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Collection<FileDescriptorProto> descriptorSet;

        private Builder() {
        }

        /**
         * Where calls go: {@code grpc://host:port}, {@code grpcs://host[:port]} or {@code host:port}. The
         * run's {@code --host} overrides it.
         *
         * @param newTarget the target
         * @return this builder
         */
        public Builder target(String newTarget) {
            GrpcTarget.parse(newTarget);
            this.target = newTarget;
            return this;
        }

        /**
         * Plaintext (HTTP/2 without TLS) for {@code host:port} targets, as most services inside a cluster.
         *
         * @return this builder
         */
        public Builder plaintext() {
            this.plaintext = true;
            return this;
        }

        /**
         * Trusts the CAs of a PEM file instead of the JDK's, such as a test environment's own CA; host
         * names are still verified.
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
         * The {@code :authority} and TLS host name to use instead of the target's, such as a service's name
         * when the target is an address.
         *
         * @param newAuthority the authority
         * @return this builder
         */
        public Builder authority(String newAuthority) {
            this.authority = Objects.requireNonNull(newAuthority, "authority");
            return this;
        }

        /**
         * All virtual users share a pool of channels (connections) instead of having one each.
         *
         * @param channels the pool's size, at least 1
         * @return this builder
         */
        public Builder sharedChannels(int channels) {
            if (channels < 1) {
                throw new IllegalArgumentException("shared channels must be at least 1, got " + channels);
            }
            this.sharedChannels = channels;
            return this;
        }

        /**
         * The default deadline of a call, from its start to its status (for a stream, its whole life); a call
         * past it ends with {@code DEADLINE_EXCEEDED}, counted as a failure.
         *
         * @param newDeadline the deadline
         * @return this builder
         */
        public Builder deadline(Duration newDeadline) {
            this.deadline = positive(newDeadline, "deadline");
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
         * Pings idle connections (HTTP/2 PING), so that proxies keep them and dead ones are found.
         *
         * @param time how long a connection may be idle before a ping
         * @param timeout how long to wait for the ping's answer before closing the connection
         * @return this builder
         */
        public Builder keepAlive(Duration time, Duration timeout) {
            this.keepAliveTime = positive(time, "keep-alive time");
            this.keepAliveTimeout = positive(timeout, "keep-alive timeout");
            return this;
        }

        /**
         * The largest reply message accepted; a larger one fails its call with {@code RESOURCE_EXHAUSTED}.
         *
         * @param bytes the size in bytes
         * @return this builder
         */
        public Builder maxInboundMessageSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max message size must be positive, got " + bytes);
            }
            this.maxInboundMessageSize = bytes;
            return this;
        }

        /**
         * Compresses request messages, such as {@code gzip}; replies are decompressed whatever this is.
         *
         * @param compressor a compressor grpc-java knows, {@code gzip} or {@code identity}
         * @return this builder
         */
        public Builder compression(String compressor) {
            this.compression = Objects.requireNonNull(compressor, "compressor");
            return this;
        }

        /**
         * Metadata sent with every call, such as an API key.
         *
         * @param key the key, lower case ASCII
         * @param value the value
         * @return this builder
         */
        public Builder metadata(String key, String value) {
            Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
            metadata.put(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The schema of {@link #dynamic dynamic} calls, from a descriptor set file written by
         * {@code protoc --include_imports --descriptor_set_out=FILE}, instead of the server's reflection.
         *
         * @param file the descriptor set, read now
         * @return this builder
         * @throws IllegalArgumentException when the file cannot be read or is not a descriptor set
         */
        public Builder descriptorSet(Path file) {
            this.descriptorSet = Schemas.readDescriptorSet(Objects.requireNonNull(file, "file"));
            return this;
        }

        /**
         * Builds the protocol.
         *
         * @return the protocol
         */
        public Grpc build() {
            return new Grpc(this);
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
