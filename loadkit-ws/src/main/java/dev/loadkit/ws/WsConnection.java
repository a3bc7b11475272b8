package dev.loadkit.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadkit.core.Session;
import dev.loadkit.core.metrics.BuiltInMetrics;
import dev.loadkit.core.metrics.RequestSeries;
import dev.loadkit.core.metrics.Tags;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open WebSocket connection of a virtual user: send text, binary or JSON; await the next message that
 * matches, within a timeout; correlate a request with its reply; watch the stream for a while; ping;
 * close. Every await has a timeout and ends with a message or a {@link WsException}, never hangs: when the
 * connection closes, pending awaits fail at once. A close is bounded too: a server that does not answer it
 * within the connect timeout has the connection dropped.
 *
 * <p>Every await counts once in {@code ws_msg_latency}: answered, failed, or cut by the end of the run
 * (kind {@code interrupted}). Every failure counts once in the errors, under its kind: a connection that
 * ends counts once, however many awaits it fails.
 *
 * <p>Messages that arrive while nothing awaits them wait in a mailbox (the most recent
 * {@value #MAILBOX_SIZE}), so a reply that comes before its await is not lost. Received messages are
 * counted whether or not anything awaits them.
 */
public final class WsConnection {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAILBOX_SIZE = 1024;

    /** An await waiting for its message. */
    private record Waiter(WsMatch match, MonoSink<WsMessage> sink) {
    }

    private final WsRequest request;
    private final Session session;
    private final Tags tags;
    /**
     * Frames on their way out. The queue grows by links of 16: Reactor's default link of 256 references cost 1 KB
     * of every connection's heap, for frames that leave at once.
     */
    private final Sinks.Many<WebSocketFrame> outbound =
            Sinks.many().unicast().onBackpressureBuffer(Queues.<WebSocketFrame>unbounded(16).get());
    private final Deque<WsMessage> mailbox = new ArrayDeque<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<FluxSink<WsMessage>> watchers = new ArrayList<>();
    private final Sinks.Empty<Void> closed = Sinks.empty();
    /** Set when the connection ends, however it ends, so that its end is handled once. */
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Whether the handshake completed; a connection given up before it did has nothing to end. */
    private volatile boolean opened;
    /** Open for sending and awaiting: from the handshake until the connection closes or starts closing. */
    private volatile boolean open;
    private volatile boolean closingByUs;
    private volatile Integer closeCode;
    private volatile String closeReason;
    private volatile Connection channel;
    /** The timer that drops the connection if the server does not answer our close; cancelled when it ends. */
    private volatile Disposable dropping;
    private volatile long openedAt;
    /** The series of pushed messages' latency, looked up on the first one; written by the channel's event loop only. */
    private RequestSeries pushes;

    WsConnection(WsRequest request, Session session) {
        this.request = request;
        this.session = session;
        this.tags = Tags.of(Tags.NAME, request.name());
    }

    /** Runs the connection once the handshake is done: sends what is emitted, receives until the end. */
    Mono<Void> run(WebsocketInbound in, WebsocketOutbound out) {
        openedAt = session.nanoTime();
        in.withConnection(connection -> channel = connection);
        opened = true;
        open = true;
        request.protocol().opened(this);
        in.receiveCloseStatus().subscribe(status -> {
            closeCode = status.code();
            closeReason = status.reasonText();
        });
        Mono<Void> sending = out.sendObject(outbound.asFlux()).then();
        Mono<Void> receiving = in.aggregateFrames(request.protocol().maxMessageSize()).receiveFrames()
                .doOnNext(this::onFrame)
                .doOnTerminate(outbound::tryEmitComplete)
                .then();
        return Mono.when(sending, receiving);
    }

    private void onFrame(WebSocketFrame frame) {
        boolean text = frame instanceof TextWebSocketFrame;
        if (!text && !(frame instanceof BinaryWebSocketFrame)) {
            return;
        }
        WsMessage message = new WsMessage(text, ByteBufUtil.getBytes(frame.content()), session.nanoTime());
        session.metrics().counter(WsMetrics.MSGS_RECEIVED, tags).increment();
        session.metrics().counter(BuiltInMetrics.DATA_RECEIVED, tags).add(message.size());
        long age = request.pushAge(message);
        if (age >= 0) {
            if (pushes == null) {
                pushes = session.metrics().request(WsMetrics.MESSAGES, tags.and("kind", "push"));
            }
            long sentAt = message.receivedAt() - age;
            pushes.record(sentAt, sentAt, message.receivedAt(), false);
        }
        deliver(message);
    }

    private synchronized void deliver(WsMessage message) {
        watchers.forEach(watcher -> watcher.next(message));
        for (Iterator<Waiter> pending = waiters.iterator(); pending.hasNext(); ) {
            Waiter waiter = pending.next();
            if (waiter.match().test(message)) {
                pending.remove();
                waiter.sink().success(message);
                return;
            }
        }
        if (mailbox.size() == MAILBOX_SIZE) {
            mailbox.removeFirst();
        }
        mailbox.addLast(message);
    }

    /** The connection ended: by us, by the server's close frame, or by the network. */
    void onTerminated(Throwable error) {
        if (!opened || !ended.compareAndSet(false, true)) {
            return;
        }
        open = false;
        Disposable timer = dropping;
        if (timer != null) {
            timer.dispose();
        }
        session.metrics().trend(WsMetrics.SESSION_DURATION, tags).record(session.nanoTime() - openedAt);
        List<Waiter> pending;
        List<FluxSink<WsMessage>> watching;
        synchronized (this) {
            pending = List.copyOf(waiters);
            waiters.clear();
            watching = List.copyOf(watchers);
            watchers.clear();
        }
        WsException cause;
        if (closingByUs) {
            cause = new WsException("closed", "connection '" + request.name() + "' was closed while a message was awaited");
            if (!pending.isEmpty()) {
                request.protocol().recordError(session, request.name(), cause.kind(), cause.getMessage(), null);
            }
        } else {
            String kind = closeCode != null ? "closed by server" : "connection lost";
            String detail = closeCode != null ? "closed by the server with " + closeCode
                    + (closeReason == null || closeReason.isEmpty() ? "" : " (" + closeReason + ")")
                    : "lost" + (error == null ? "" : ": " + WebSocket.message(error));
            cause = new WsException(kind, "connection '" + request.name() + "' " + detail);
            request.protocol().recordError(session, request.name(), kind, cause.getMessage(), error);
        }
        // The end is counted once, above; the awaits it fails are counted as failed messages, not as more errors.
        pending.forEach(waiter -> waiter.sink().error(cause));
        watching.forEach(FluxSink::complete);
        outbound.tryEmitComplete();
        request.protocol().closed(this);
        closed.tryEmitEmpty();
    }

    /**
     * Whether the connection is open.
     *
     * @return true until it closes or starts closing
     */
    public boolean isOpen() {
        return open;
    }

    /**
     * Completes when the connection closes, whoever closes it.
     *
     * @return the signal
     */
    public Mono<Void> whenClosed() {
        return closed.asMono();
    }

    /**
     * Sends a text message; {@code {key}} placeholders are not filled (use {@link #sendJson} for data).
     *
     * @param text the text
     * @return completes when the message is queued for sending
     */
    public Mono<Void> sendText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return send(new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes)), bytes.length);
    }

    /**
     * Sends a binary message.
     *
     * @param bytes the payload
     * @return completes when the message is queued for sending
     */
    public Mono<Void> sendBinary(byte[] bytes) {
        return send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes.clone())), bytes.length);
    }

    /**
     * Sends an object as a JSON text message, written with Jackson.
     *
     * @param value the object
     * @return completes when the message is queued for sending
     */
    public Mono<Void> sendJson(Object value) {
        return Mono.defer(() -> sendText(json(value)));
    }

    /**
     * Sends a JSON object with a fresh id in {@code idField}, then awaits the reply that carries the same id,
     * and records the time between them as {@code ws_msg_latency{kind:reply}} (from the intended send time,
     * so that a late virtual user's wait counts).
     *
     * @param payload the object's other fields
     * @param idField the name of the id field, in the request and in the reply
     * @param timeout how long the reply may take
     * @return the reply, or a {@link WsException} of kind {@code await timeout}
     */
    public Mono<WsMessage> request(Map<String, ?> payload, String idField, Duration timeout) {
        return Mono.defer(() -> {
            String id = UUID.randomUUID().toString();
            ObjectNode message = JSON.valueToTree(payload);
            message.put(idField, id);
            return await(WsMatch.jsonField("/" + idField, id), timeout, sendText(message.toString()), "reply");
        });
    }

    /**
     * Awaits the next message that matches, taking it from the mailbox if it already came, and records the
     * wait as {@code ws_msg_latency{kind:await}} (from the intended start): right after a send, such as
     * {@code sendText(..).then(await(..))}, that is the reply's latency. A failed await counts as a failed
     * message; one cut by the end of the run as an interrupted one.
     *
     * @param match which message
     * @param timeout how long to wait
     * @return the message, or a {@link WsException} of kind {@code await timeout}, or of the connection's
     *         end when it closes first
     */
    public Mono<WsMessage> await(WsMatch match, Duration timeout) {
        return await(match, timeout, Mono.empty(), "await");
    }

    /**
     * Awaits a message after {@code before} (a send, or nothing), timed from before it. Whichever comes
     * first records the await, once: the message, a failure, or the cancellation.
     */
    private Mono<WsMessage> await(WsMatch match, Duration timeout, Mono<Void> before, String kind) {
        return Mono.defer(() -> {
            RequestSeries series = session.metrics().request(WsMetrics.MESSAGES, tags.and("kind", kind));
            long start = session.nanoTime();
            long intendedStart = session.intendedStart(start);
            AtomicBoolean recorded = new AtomicBoolean();
            return before.then(next(match).timeout(timeout, Mono.defer(() -> Mono.error(timedOut(match, timeout))), session.scheduler()))
                    .doOnNext(message -> {
                        if (recorded.compareAndSet(false, true)) {
                            // A message that was in the mailbox before the await started was not waited for.
                            series.record(intendedStart, start, Math.max(start, message.receivedAt()), false);
                        }
                    })
                    .doOnError(error -> {
                        if (recorded.compareAndSet(false, true)) {
                            series.record(intendedStart, start, session.nanoTime(), true);
                        }
                    })
                    .doOnCancel(() -> {
                        if (recorded.compareAndSet(false, true)) {
                            request.protocol().recordInterrupted(session, series, request.name(), intendedStart, start);
                        }
                    });
        });
    }

    /** The next message that matches, from the mailbox or when it arrives; it fails when the connection ends first. */
    private Mono<WsMessage> next(WsMatch match) {
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(match, sink);
            synchronized (this) {
                for (Iterator<WsMessage> waited = mailbox.iterator(); waited.hasNext(); ) {
                    WsMessage message = waited.next();
                    if (match.test(message)) {
                        waited.remove();
                        sink.success(message);
                        return;
                    }
                }
                if (!open) {
                    sink.error(closedError());
                    return;
                }
                waiters.add(waiter);
            }
            sink.onDispose(() -> {
                synchronized (this) {
                    waiters.remove(waiter);
                }
            });
        });
    }

    private WsException timedOut(WsMatch match, Duration timeout) {
        String message = "timed out after " + timeout.toMillis() + " ms on '" + request.name() + "' awaiting " + match.description();
        request.protocol().recordError(session, request.name(), "await timeout", message, null);
        return new WsException("await timeout", message);
    }

    /** An operation on a connection that is closed or closing fails here, and is counted here. */
    private WsException closedError() {
        String message = "connection '" + request.name() + "' is closed";
        request.protocol().recordError(session, request.name(), "closed", message, null);
        return new WsException("closed", message);
    }

    /**
     * Every message that arrives during a window, for a stream to count and check; the window ends early
     * when the connection closes.
     *
     * @param window how long to watch
     * @return the messages
     */
    public Flux<WsMessage> messages(Duration window) {
        Flux<WsMessage> watched = Flux.create(sink -> {
            synchronized (this) {
                if (!open) {
                    sink.complete();
                    return;
                }
                watchers.add(sink);
            }
            sink.onDispose(() -> {
                synchronized (this) {
                    watchers.remove(sink);
                }
            });
        });
        return watched.take(window, session.scheduler());
    }

    /**
     * Sends a ping.
     *
     * @return completes when queued
     */
    public Mono<Void> ping() {
        return send(new PingWebSocketFrame(), 0);
    }

    /**
     * Closes the connection with a code and a reason. A server that does not answer the close within the
     * connect timeout has the connection dropped. Closing a connection that is closing or closed waits
     * for it to have closed.
     *
     * @param code the close code, such as 1000
     * @param reason the reason
     * @return completes when the connection has closed
     */
    public Mono<Void> close(int code, String reason) {
        return Mono.defer(() -> {
            boolean closing;
            synchronized (this) {
                closing = open;
                if (closing) {
                    open = false;
                    closingByUs = true;
                    CloseWebSocketFrame frame = new CloseWebSocketFrame(code, reason);
                    if (outbound.tryEmitNext(frame).isFailure()) {
                        frame.release();
                    }
                    outbound.tryEmitComplete();
                }
            }
            if (closing) {
                dropping = session.scheduler().schedule(this::drop, request.protocol().connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            return closed.asMono();
        });
    }

    /** Drops a connection whose server did not answer its close: closing the channel ends it. */
    private void drop() {
        Connection current = channel;
        if (current != null && !ended.get()) {
            current.dispose();
        }
    }

    private Mono<Void> send(WebSocketFrame frame, int size) {
        return Mono.defer(() -> {
            Sinks.EmitResult result;
            synchronized (this) {
                result = open ? outbound.tryEmitNext(frame) : Sinks.EmitResult.FAIL_TERMINATED;
            }
            if (result.isFailure()) {
                frame.release();
                return Mono.error(closedError());
            }
            session.metrics().counter(WsMetrics.MSGS_SENT, tags).increment();
            session.metrics().counter(BuiltInMetrics.DATA_SENT, tags).add(size);
            return Mono.empty();
        });
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
