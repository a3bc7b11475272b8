package dev.loadkit.grpc;

import com.google.protobuf.MessageLite;
import dev.loadkit.core.Session;
import dev.loadkit.core.check.Check;
import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.Metrics;
import dev.loadkit.core.metrics.Tags;
import dev.loadkit.grpc.internal.SerialExecutor;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of a {@link GrpcCall}, on grpc-java's {@link ClientCall} directly: it starts the call, sends the
 * requests as the transport's flow control allows, takes the replies one at a time, runs the checks on
 * the status, and records the call once, whether it ended, failed, or was cut by the end of the run.
 * Every use of the {@code ClientCall} goes through one {@link SerialExecutor}, as grpc-java requires, and
 * nothing here blocks: callbacks come on the channel's event loop.
 *
 * @param <Q> the request message
 * @param <R> the reply message
 */
final class CallExchange<Q, R> extends ClientCall.Listener<R> {

    private final GrpcCall<Q, R> call;
    private final Session session;
    private final MethodDescriptor<Q, R> method;
    private final MonoSink<GrpcResponse<R>> sink;
    private final ClientCall<Q, R> clientCall;
    private final SerialExecutor serial = new SerialExecutor(this::failedToSend);
    private final AtomicBoolean recorded = new AtomicBoolean();
    private final long start;
    private final long intendedStart;
    /** Send times of requests awaiting their replies, by key, when the call correlates them. */
    private final Map<Object, Long> awaitingReply;
    private final Tags streamTags;
    // Touched only by the listener's callbacks, which grpc-java makes serial.
    private final List<R> messages = new ArrayList<>(1);
    private long received;
    private long bytesReceived;
    private Metadata headers = new Metadata();
    // Written only by serial actions; read when the call closes, on the event loop.
    private volatile long sent;
    private volatile long bytesSent;
    /** Made before the call starts: a call that cannot start closes within {@code start}. */
    private final RequestStream requests = new RequestStream();


    private CallExchange(GrpcCall<Q, R> call, Session session, MethodDescriptor<Q, R> method, MonoSink<GrpcResponse<R>> sink) {
        this.call = call;
        this.session = session;
        this.method = method;
        this.sink = sink;
        // Before the deadline is set, so that no call can count less than its deadline.
        this.start = session.nanoTime();
        this.intendedStart = session.intendedStart(start);
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(call.deadline().toNanos(), TimeUnit.NANOSECONDS);
        if (call.grpc().compression() != null) {
            options = options.withCompression(call.grpc().compression());
        }
        this.clientCall = call.grpc().channel(session).newCall(method, options);
        this.awaitingReply = call.requestKey() == null ? null : new ConcurrentHashMap<>();
        this.streamTags = call.streamTags(session.groupPath());
    }

    static <Q, R> Mono<GrpcResponse<R>> run(GrpcCall<Q, R> call, Session session, MethodDescriptor<Q, R> method,
                                            Publisher<? extends Q> requests) {
        return Mono.defer(() -> {
            Metadata metadata = call.metadata(session);
            return Mono.create(sink -> new CallExchange<>(call, session, method, sink).start(metadata, requests));
        });
    }

    private void start(Metadata metadata, Publisher<? extends Q> outgoing) {
        sink.onCancel(this::cut);
        serial.execute(() -> {
            clientCall.start(this, metadata);
            clientCall.request(1);
        });
        outgoing.subscribe(requests);
    }

    // The replies, on the channel's event loop.

    @Override
    public void onHeaders(Metadata received) {
        headers = received;
    }

    @Override
    public void onMessage(R message) {
        long now = session.nanoTime();
        received++;
        bytesReceived += size(message);
        if (!call.discardsMessages()) {
            messages.add(message);
        }
        if (awaitingReply != null) {
            Long sentAt = awaitingReply.remove(call.replyKey().apply(message));
            if (sentAt != null) {
                session.metrics().trend(GrpcMetrics.STREAM_MSG_LATENCY, streamTags).record(now - sentAt);
            }
        }
        serial.execute(() -> clientCall.request(1));
    }

    @Override
    public void onReady() {
        serial.execute(requests::requestIfReady);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
        requests.cancel();
        finish(status, trailers);
    }

    // The requests, sent one at a time when the transport is ready for more.

    /** Subscribes to the requests and sends each, asking for the next only when the call can take it. */
    private final class RequestStream extends BaseSubscriber<Q> {

        private final AtomicBoolean asked = new AtomicBoolean();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            serial.execute(this::requestIfReady);
        }

        /**
         * Asks for one request when the call is ready and none is awaited; run serially. A call that sends one
         * request gets no readiness signals from grpc-java, and needs none: its one message is always taken.
         */
        void requestIfReady() {
            // Not subscribed yet (the call became ready first): the subscription asks when it comes.
            boolean subscribed = upstream() != null && !isDisposed();
            boolean ready = method.getType().clientSendsOneMessage() || clientCall.isReady();
            if (subscribed && ready && asked.compareAndSet(false, true)) {
                request(1);
            }
        }

        @Override
        protected void hookOnNext(Q request) {
            asked.set(false);
            serial.execute(() -> {
                if (awaitingReply != null) {
                    // Before sending: the reply may come before sendMessage returns.
                    awaitingReply.put(call.requestKey().apply(request), session.nanoTime());
                }
                clientCall.sendMessage(request);
                sent++;
                bytesSent += size(request);
                requestIfReady();
            });
        }

        @Override
        protected void hookOnComplete() {
            serial.execute(clientCall::halfClose);
        }

        @Override
        protected void hookOnError(Throwable error) {
            serial.execute(() -> clientCall.cancel("the stream of requests failed: " + error, error));
        }
    }

    /** A use of the call threw (such as a request the marshaller refused): the call ends, cancelled with the cause. */
    private void failedToSend(RuntimeException error) {
        try {
            clientCall.cancel("loadkit could not send: " + error, error);
        } catch (RuntimeException ignored) {
            // Already closed: its status is on its way to onClose.
        }
    }

    // The outcome, recorded once.

    /** The call's subscriber went away (the end of the run, Ctrl-C, or the task gave up): counted, then cancelled. */
    private void cut() {
        if (recorded.compareAndSet(false, true)) {
            session.metrics().interrupted(session.metrics().request(GrpcMetrics.REQUESTS,
                    call.tags(Status.Code.CANCELLED, session.groupPath())), call.name(), intendedStart, start);
        }
        serial.execute(() -> clientCall.cancel("cut by the end of the run", null));
    }

    private void finish(Status status, Metadata trailers) {
        long end = session.nanoTime();
        boolean expected = call.expects(status.getCode());
        boolean streamingReplies = !method.getType().serverSendsOneMessage();
        GrpcResponse<R> response = new GrpcResponse<>(call.name(), call.fullMethod(), status, headers, trailers,
                Collections.unmodifiableList(messages), received, streamingReplies, Duration.ofNanos(end - intendedStart),
                expected ? null : status.getCode().name());
        // A failed call counts once in the errors: its status, else its first failed check. Every check
        // still counts under checks.
        String errorKind = expected ? null : status.getCode().name();
        String errorMessage = expected ? null : describe(status);
        for (Check<? super GrpcResponse<R>> check : call.checks()) {
            Optional<String> problem = expected ? verify(check, response) : Optional.of("the call failed");
            session.check(check.name(), problem.isEmpty());
            if (expected && problem.isPresent()) {
                if (errorKind == null) {
                    errorKind = "check";
                    errorMessage = check.name() + ": " + problem.get();
                }
                response = response.failed("check " + check.name());
            }
        }
        if (recorded.compareAndSet(false, true)) {
            if (errorKind != null) {
                session.metrics().error(call.name(), errorKind, errorMessage, status.getCause());
            }
            record(status.getCode(), end, response.failed());
        }
        sink.success(response);
    }

    private Optional<String> verify(Check<? super GrpcResponse<R>> check, GrpcResponse<R> response) {
        try {
            return check.verify(response, session);
        } catch (RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    private void record(Status.Code code, long end, boolean failed) {
        Metrics metrics = session.metrics();
        Tags tags = call.tags(code, session.groupPath());
        metrics.request(GrpcMetrics.REQUESTS, tags).record(intendedStart, start, end, failed);
        metrics.counter(BuiltInMetrics.DATA_SENT, tags).add(bytesSent);
        metrics.counter(BuiltInMetrics.DATA_RECEIVED, tags).add(bytesReceived);
        if (method.getType() != MethodDescriptor.MethodType.UNARY) {
            metrics.counter(GrpcMetrics.STREAMS, streamTags).add(1);
            metrics.counter(GrpcMetrics.STREAM_MSGS_SENT, streamTags).add(sent);
            metrics.counter(GrpcMetrics.STREAM_MSGS_RECEIVED, streamTags).add(received);
        }
    }

    /** The error message of a status; one per kind of cause, so that similar errors share a row. */
    private String describe(Status status) {
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return "no status within the deadline of " + call.deadline().toMillis() + " ms";
        }
        String description = status.getDescription();
        Throwable cause = status.getCause();
        if (cause != null && cause.getMessage() != null) {
            description = (description == null ? "" : description + ": ") + cause.getMessage();
        }
        return description == null ? status.getCode().name() : description;
    }

    private static long size(Object message) {
        return message instanceof MessageLite lite ? lite.getSerializedSize() : 0;
    }
}
