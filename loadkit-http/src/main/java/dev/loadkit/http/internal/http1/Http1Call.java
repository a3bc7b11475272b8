package dev.loadkit.http.internal.http1;

import dev.loadkit.core.Session;
import dev.loadkit.http.internal.Answer;
import dev.loadkit.http.internal.BodyReader;
import dev.loadkit.http.internal.BodyTooLargeException;
import dev.loadkit.http.internal.ConnectionClosedException;
import dev.loadkit.http.internal.OutgoingRequest;
import dev.loadkit.http.internal.RequestTiming;
import dev.loadkit.http.internal.ResponseDeadlineException;
import dev.loadkit.http.internal.TransportSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One request from its subscription to its answer: the Reactor subscription (a single value, delivered once
 * requested), the listener of its write, and its timer, which watches the response deadline and, while the
 * response is awaited, the idle timeout. Whichever of the answer, a failure, the timer or a cancellation comes
 * first finishes the call; the others find it finished and do nothing. After a write, everything but
 * cancellation happens on the connection's event loop.
 */
final class Http1Call extends Operators.MonoSubscriber<Answer, Answer> implements ChannelFutureListener, Runnable {

    private static final AtomicIntegerFieldUpdater<Http1Call> FINISHED =
            AtomicIntegerFieldUpdater.newUpdater(Http1Call.class, "finished");

    private final Http1Pool pool;
    private final OutgoingRequest request;
    private final Session session;
    private final RequestTiming timing;
    private final TransportSettings settings;
    /** The response deadline, on {@link System#nanoTime()}'s clock, from the subscription. */
    private final long deadline;

    private volatile int finished;
    /** The connection the request went out on, once written. */
    private volatile Http1Connection connection;
    /** The deadline's watch while no connection is ready, on any event loop. */
    private volatile ScheduledFuture<?> waitTimer;
    /** The deadline's and idle timeout's watch once written, on the connection's event loop. */
    private volatile ScheduledFuture<?> timer;

    private boolean reused;
    private boolean retried;
    private boolean answered;
    private boolean informational;
    private boolean keepAlive;
    /** Whether the request itself asked to close the connection after its response. */
    private boolean closeAfter;
    private int status;
    private String reason;
    private HttpHeaders headers;
    private BodyReader body;
    private long written;
    private long firstByte;
    private long lastRead;

    Http1Call(CoreSubscriber<? super Answer> actual, Http1Pool pool, OutgoingRequest request, Session session,
              RequestTiming timing) {
        super(actual);
        this.pool = pool;
        this.request = request;
        this.session = session;
        this.timing = timing;
        this.settings = pool.transport().settings();
        this.deadline = System.nanoTime() + settings.responseTimeout().toNanos();
    }

    /** No connection ready (one opening, or none free): the deadline is watched from any event loop until one is. */
    void awaitConnection() {
        EventExecutor current = ThreadExecutorMap.currentExecutor();
        EventExecutor loop = current != null ? current : pool.transport().loops().next();
        waitTimer = loop.schedule(() -> {
            if (connection == null) {
                fail(new ResponseDeadlineException(settings.responseTimeout()));
            }
        }, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    void connectedIn(long nanos) {
        timing.connected(nanos);
    }

    void tlsHandshakenIn(long nanos) {
        timing.tlsHandshaken(nanos);
    }

    /** Sends the request on a connection, on its event loop. */
    void start(Http1Connection on, boolean wasUsed) {
        EventLoop loop = on.channel().eventLoop();
        if (loop.inEventLoop()) {
            write(on, wasUsed);
        } else {
            loop.execute(() -> write(on, wasUsed));
        }
    }

    private void write(Http1Connection on, boolean wasUsed) {
        connection = on;
        if (finished != 0) {
            // Cancelled or timed out while the connection was on its way. Whoever finished the call may be closing
            // it at this moment (it reads the field just set), so it is closed here too, never given back half-used.
            on.close();
            return;
        }
        reused = wasUsed;
        answered = false;
        informational = false;
        on.serve(this);
        on.awaitingHead = "HEAD".equals(request.method());
        Channel channel = on.channel();
        long now = System.nanoTime();
        written = now;
        lastRead = now;
        ScheduledFuture<?> waited = waitTimer;
        if (waited != null) {
            waited.cancel(false);
        }
        if (now - deadline >= 0) {
            fail(new ResponseDeadlineException(settings.responseTimeout()));
            return;
        }
        ByteBuf encoded = channel.alloc().buffer(RequestEncoder.sizeHint(request));
        closeAfter = RequestEncoder.encode(request, pool.hostHeader(), settings.compression(), encoded);
        timing.addBytesSent(encoded.readableBytes());
        timer = channel.eventLoop().schedule(this, nextCheck(now) - now, TimeUnit.NANOSECONDS);
        channel.writeAndFlush(encoded).addListener(this);
    }

    /** The write's outcome. */
    @Override
    public void operationComplete(ChannelFuture future) {
        Http1Connection on = connection;
        if (on == null || on.channel() != future.channel()) {
            return; // an earlier attempt's write: the request went again on a fresh connection
        }
        if (future.isSuccess()) {
            timing.sent(System.nanoTime() - written);
        } else if (!retryOnFreshConnection()) {
            fail(future.cause());
        }
    }

    /** The timer: past the deadline, or silent past the idle timeout, the call fails; else it looks again later. */
    @Override
    public void run() {
        if (finished != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - deadline >= 0) {
            fail(new ResponseDeadlineException(settings.responseTimeout()));
        } else if (settings.watchesIdleTime() && now - lastRead >= settings.idleTimeout().toNanos()) {
            fail(ReadTimeoutException.INSTANCE);
        } else {
            Http1Connection on = connection;
            if (on != null) {
                timer = on.channel().eventLoop().schedule(this, nextCheck(now) - now, TimeUnit.NANOSECONDS);
            }
        }
    }

    private long nextCheck(long now) {
        if (!settings.watchesIdleTime()) {
            return deadline;
        }
        long idleEnd = lastRead + settings.idleTimeout().toNanos();
        return idleEnd - deadline < 0 ? idleEnd : deadline;
    }

    /** Any byte from the server counts as an answer: a request that got one is never sent again. */
    void bytesRead(int bytes) {
        answered = true;
        timing.addBytesReceived(bytes);
    }

    boolean isFinished() {
        return finished != 0;
    }

    /** On the event loop: a decoded part of the response. */
    void read(Object message) {
        if (finished != 0) {
            return;
        }
        answered = true;
        lastRead = System.nanoTime();
        DecoderResult result = ((HttpObject) message).decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            fail(cause instanceof PrematureChannelClosureException ? new ConnectionClosedException() : new DecoderException(cause));
            return;
        }
        if (message instanceof HttpResponse response) {
            int code = response.status().code();
            if (code < 200 && code != 101) {
                informational = true;
                return;
            }
            firstByte = lastRead;
            status = code;
            reason = response.status().reasonPhrase();
            headers = response.headers();
            // After a 101 the connection speaks another protocol: never reused.
            keepAlive = code != 101 && HttpUtil.isKeepAlive(response);
            // HEAD, 204 and 304 announce a length they never send: nothing to make room for, nor to refuse.
            boolean bodiless = code == 204 || code == 304 || "HEAD".equals(request.method());
            try {
                body = new BodyReader(request.bodyLimit(), bodiless ? -1 : BodyReader.contentLength(headers));
            } catch (BodyTooLargeException e) {
                fail(e);
                return;
            }
        }
        if (message instanceof HttpContent content) {
            if (informational) {
                informational = !(message instanceof LastHttpContent);
                return;
            }
            try {
                body.read(content.content());
            } catch (BodyTooLargeException e) {
                fail(e);
                return;
            }
            if (message instanceof LastHttpContent) {
                succeed();
            }
        }
    }

    private void succeed() {
        long now = System.nanoTime();
        timing.received(now - firstByte);
        timing.responded(now - written);
        Answer answer = new Answer(status, reason, headers, body.bytes(), session.nanoTime());
        if (!FINISHED.compareAndSet(this, 0, 1)) {
            return;
        }
        timer.cancel(false);
        Http1Connection on = connection;
        on.done(this);
        // A body that ended with the connection leaves nothing to reuse, whatever the headers said.
        if (keepAlive && !closeAfter && on.channel().isActive()) {
            pool.release(on);
        } else {
            on.close();
        }
        complete(answer);
    }

    /** On the event loop: the connection closed while this call was using it. */
    void connectionClosed() {
        if (finished == 0 && !retryOnFreshConnection()) {
            fail(new ConnectionClosedException());
        }
    }

    /** On the event loop: the connection failed (a reset, a TLS error) while this call was using it. */
    void connectionFailed(Throwable cause) {
        if (finished == 0 && !retryOnFreshConnection()) {
            fail(cause);
        }
    }

    /**
     * A kept-alive connection that the server had closed before it read the request (its keep-alive timeout raced
     * this request) fails without an answer; an idempotent request goes once more on a fresh connection, as browsers
     * do (RFC 9110, 9.2.2). A new connection that fails, a request that got any answer, and a POST or PATCH (which
     * the server may have acted on) are never sent again: they fail, counted.
     */
    private boolean retryOnFreshConnection() {
        if (finished != 0 || !reused || retried || answered || !idempotent(request.method())) {
            return false;
        }
        retried = true;
        Http1Connection on = connection;
        connection = null;
        ScheduledFuture<?> watching = timer;
        if (watching != null) {
            watching.cancel(false);
        }
        on.done(this);
        on.close();
        pool.acquire(this);
        return true;
    }

    private static boolean idempotent(String method) {
        return !"POST".equals(method) && !"PATCH".equals(method);
    }

    /** Fails the call with a cause, unless it finished already; its connection, in an unknown state, is closed. */
    void fail(Throwable error) {
        if (!FINISHED.compareAndSet(this, 0, 1)) {
            return;
        }
        abandon();
        actual.onError(error);
    }

    @Override
    public void cancel() {
        super.cancel();
        if (FINISHED.compareAndSet(this, 0, 1)) {
            abandon();
        }
    }

    private void abandon() {
        ScheduledFuture<?> waited = waitTimer;
        if (waited != null) {
            waited.cancel(false);
        }
        ScheduledFuture<?> watching = timer;
        if (watching != null) {
            watching.cancel(false);
        }
        Http1Connection on = connection;
        if (on != null) {
            on.close();
        } else {
            pool.forget(this);
        }
    }
}
