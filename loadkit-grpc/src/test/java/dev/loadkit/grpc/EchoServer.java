package dev.loadkit.grpc;

import dev.loadkit.grpc.test.CollectReply;
import dev.loadkit.grpc.test.CountRequest;
import dev.loadkit.grpc.test.EchoGrpc;
import dev.loadkit.grpc.test.EchoReply;
import dev.loadkit.grpc.test.EchoRequest;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.StreamObserver;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real grpc-java server on a loopback TCP port for the driver's tests: the {@code Echo} service (one
 * method of each kind), server reflection, plaintext or TLS with a self-signed certificate for 127.0.0.1.
 * It counts the calls it answered per method, and it can stop and start again on the same port. Public for
 * the quick runner's tests in the benchmarks module, through this module's test jar.
 */
public final class EchoServer implements AutoCloseable {

    private static final Metadata.Key<String> USER_HEADER = Metadata.Key.of("x-user", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ENCODING = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> USER = Context.key("x-user");

    private final boolean tls;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "echo-server-timers");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentHashMap<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong chatMessages = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final java.util.Set<String> encodings = ConcurrentHashMap.newKeySet();
    private X509Bundle certificate;
    private int port;
    private Server server;

    private EchoServer(boolean tls) {
        this.tls = tls;
    }

    public static EchoServer plaintext() throws Exception {
        return new EchoServer(false).start(0);
    }

    public static EchoServer tls() throws Exception {
        return new EchoServer(true).start(0);
    }

    private EchoServer start(int onPort) throws Exception {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", onPort))
                .addService(ServerInterceptors.intercept(new EchoService(), userFromMetadata()))
                .addService(ProtoReflectionServiceV1.newInstance())
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes attributes) {
                        connections.incrementAndGet();
                        return attributes;
                    }
                });
        if (tls) {
            if (certificate == null) {
                certificate = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                        .setIsCertificateAuthority(true).buildSelfSigned();
            }
            builder.useTransportSecurity(certificate.toTempCertChainPem(), certificate.toTempPrivateKeyPem());
        }
        server = builder.build().start();
        port = server.getPort();
        return this;
    }

    /** Stops at once, failing the calls in flight; the port stays this server's to start again on. */
    public void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    public void restart() throws Exception {
        start(port);
    }

    public String target() {
        return (tls ? "grpcs://" : "grpc://") + "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's certificate as a PEM file, to trust. */
    public Path certificatePem() throws IOException {
        File file = certificate.toTempCertChainPem();
        return file.toPath();
    }

    /** The calls this server answered (or started, for streams) of a method, such as {@code Say}. */
    public long calls(String method) {
        return calls.computeIfAbsent(method, key -> new AtomicLong()).get();
    }

    public long chatMessages() {
        return chatMessages.get();
    }

    /** The client connections this server accepted. */
    public long connections() {
        return connections.get();
    }

    /** The message encodings of the calls this server got, such as {@code gzip}. */
    public java.util.Set<String> encodings() {
        return encodings;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        timers.shutdownNow();
        if (certificate != null) {
            try {
                Files.deleteIfExists(certificate.toTempCertChainPem().toPath());
            } catch (IOException ignored) {
                // A temporary file.
            }
        }
    }

    private ServerInterceptor userFromMetadata() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
                                                                      io.grpc.ServerCallHandler<Q, R> next) {
                String user = headers.get(USER_HEADER);
                String encoding = headers.get(ENCODING);
                encodings.add(encoding == null ? "identity" : encoding);
                return Contexts.interceptCall(Context.current().withValue(USER, user == null ? "" : user), call, headers, next);
            }
        };
    }

    private void answered(String method) {
        calls.computeIfAbsent(method, key -> new AtomicLong()).incrementAndGet();
    }

    private final class EchoService extends EchoGrpc.EchoImplBase {

        @Override
        public void say(EchoRequest request, StreamObserver<EchoReply> replies) {
            answered("Say");
            String user = USER.get();
            Runnable answer = () -> {
                if (request.getFailCode() != 0) {
                    replies.onError(Status.fromCodeValue(request.getFailCode()).withDescription("asked to fail").asRuntimeException());
                    return;
                }
                replies.onNext(EchoReply.newBuilder().setText(request.getText()).setId(request.getId()).setUser(user).build());
                replies.onCompleted();
            };
            if (request.getDelayMs() > 0) {
                timers.schedule(answer, request.getDelayMs(), TimeUnit.MILLISECONDS);
            } else {
                answer.run();
            }
        }

        @Override
        public void count(CountRequest request, StreamObserver<EchoReply> replies) {
            answered("Count");
            countFrom(0, request, replies);
        }

        private void countFrom(int seq, CountRequest request, StreamObserver<EchoReply> replies) {
            if (seq == request.getCount()) {
                replies.onCompleted();
                return;
            }
            replies.onNext(EchoReply.newBuilder().setSeq(seq).setId("n" + seq).build());
            if (request.getDelayMs() > 0) {
                timers.schedule(() -> countFrom(seq + 1, request, replies), request.getDelayMs(), TimeUnit.MILLISECONDS);
            } else {
                countFrom(seq + 1, request, replies);
            }
        }

        @Override
        public StreamObserver<EchoRequest> collect(StreamObserver<CollectReply> reply) {
            answered("Collect");
            StringBuilder joined = new StringBuilder();
            int[] received = {0};
            return new StreamObserver<>() {
                @Override
                public void onNext(EchoRequest request) {
                    received[0]++;
                    joined.append(request.getText());
                }

                @Override
                public void onError(Throwable error) {
                    // The client cancelled.
                }

                @Override
                public void onCompleted() {
                    reply.onNext(CollectReply.newBuilder().setCount(received[0]).setJoined(joined.toString()).build());
                    reply.onCompleted();
                }
            };
        }

        @Override
        public StreamObserver<EchoRequest> chat(StreamObserver<EchoReply> replies) {
            answered("Chat");
            return new StreamObserver<>() {
                @Override
                public void onNext(EchoRequest request) {
                    chatMessages.incrementAndGet();
                    replies.onNext(EchoReply.newBuilder().setId(request.getId()).setText(request.getText()).build());
                }

                @Override
                public void onError(Throwable error) {
                    // The client cancelled.
                }

                @Override
                public void onCompleted() {
                    replies.onCompleted();
                }
            };
        }
    }
}
