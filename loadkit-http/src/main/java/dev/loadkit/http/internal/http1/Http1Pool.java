package dev.loadkit.http.internal.http1;

import dev.loadkit.http.internal.TransportSettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections to one origin of one virtual user (or of all users, when shared): at most {@code max} open,
 * the idle ones reused last-in first-out, calls that find none free waiting in order. One lock guards the
 * counts; nothing slow runs under it.
 */
final class Http1Pool {

    private final Http1Transport transport;
    private final String scheme;
    private final String host;
    private final int port;
    private final int max;
    private final String hostHeader;
    private final long keepAliveNanos;

    private final ArrayDeque<Http1Connection> idle = new ArrayDeque<>(2);
    private final ArrayDeque<Http1Call> waiting = new ArrayDeque<>(0);
    /** Connections open or opening; a connection leaves the count once, when it is retired. */
    private int open;
    private boolean closed;

    Http1Pool(Http1Transport transport, String scheme, String host, int port, int max) {
        this.transport = transport;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.max = max;
        boolean defaultPort = port == TransportSettings.defaultPort(scheme);
        this.hostHeader = defaultPort ? host : host + ":" + port;
        this.keepAliveNanos = transport.settings().keepAliveTimeout().toNanos();
    }

    boolean serves(Http1Transport by, String otherScheme, String otherHost, int otherPort) {
        return transport == by && port == otherPort && host.equals(otherHost) && scheme.equals(otherScheme);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String hostHeader() {
        return hostHeader;
    }

    Http1Transport transport() {
        return transport;
    }

    /** Gives the call a connection now, opens one for it, or queues it. */
    void acquire(Http1Call call) {
        Http1Connection reused = null;
        List<Http1Connection> stale = null;
        boolean connect = false;
        boolean refused;
        long now = System.nanoTime();
        synchronized (this) {
            if (call.isFinished()) {
                // Cancelled before it got here (in onSubscribe, or while it was to be retried): its forget()
                // ran or runs after this, under this lock, so it is never queued as a ghost.
                return;
            }
            refused = closed;
            if (!refused) {
                Http1Connection candidate;
                while ((candidate = idle.pollLast()) != null) {
                    if (candidate.usable(now, keepAliveNanos)) {
                        reused = candidate;
                        break;
                    }
                    retire(candidate);
                    if (stale == null) {
                        stale = new ArrayList<>(1);
                    }
                    stale.add(candidate);
                }
                if (reused == null) {
                    if (open < max) {
                        open++;
                        connect = true;
                    } else {
                        waiting.addLast(call);
                    }
                }
            }
        }
        if (stale != null) {
            stale.forEach(Http1Connection::close);
        }
        if (refused) {
            call.fail(new IllegalStateException("the virtual user has stopped; its connections are closed"));
        } else if (reused != null) {
            call.start(reused, true);
        } else {
            // Set before the connection can arrive: the deadline counts from the start, connecting included.
            call.awaitConnection();
            if (connect) {
                connectFor(call);
            }
        }
    }

    /** Takes a connection back after a complete response on a connection that stays open. */
    void release(Http1Connection connection) {
        Http1Call next = null;
        boolean close = false;
        synchronized (this) {
            if (closed || connection.retired || !connection.channel().isActive()) {
                retire(connection);
                close = true;
            } else if (!waiting.isEmpty()) {
                next = waiting.pollFirst();
            } else {
                connection.idleSince = System.nanoTime();
                idle.addLast(connection);
            }
        }
        if (close) {
            connection.close();
        } else if (next != null) {
            next.start(connection, true);
        }
    }

    /** A connection's channel closed: it leaves the pool, and a waiting call may open another. */
    void closed(Http1Connection connection) {
        Http1Call next = null;
        synchronized (this) {
            retire(connection);
            idle.remove(connection);
            if (!closed && !waiting.isEmpty() && open < max) {
                open++;
                next = waiting.pollFirst();
            }
        }
        if (next != null) {
            connectFor(next); // it waits already, its deadline watched
        }
    }

    /** A call that waited gave up (its deadline, or cancelled). */
    synchronized void forget(Http1Call call) {
        waiting.remove(call);
    }

    /** Closes the idle connections now and the busy ones when their response is complete; waiting calls fail. */
    void close() {
        List<Http1Connection> toClose;
        List<Http1Call> waited;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
            toClose.forEach(this::retire);
            waited = new ArrayList<>(waiting);
            waiting.clear();
        }
        toClose.forEach(Http1Connection::close);
        waited.forEach(call -> call.fail(new IllegalStateException("the connections were closed while it waited for one")));
    }

    /** Opens a connection: counted by the caller, and given to the call once connected (and its TLS handshake done). */
    private void connectFor(Http1Call call) {
        long started = System.nanoTime();
        connect(connected -> {
            if (!connected.isSuccess()) {
                synchronized (this) {
                    open--;
                }
                call.fail(connected.cause());
                return;
            }
            long at = System.nanoTime();
            call.connectedIn(at - started);
            Http1Connection connection = connected.channel().pipeline().get(Http1Connection.class);
            SslHandler tls = connected.channel().pipeline().get(SslHandler.class);
            if (tls == null) {
                call.start(connection, false);
                return;
            }
            tls.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    call.tlsHandshakenIn(System.nanoTime() - at);
                    call.start(connection, false);
                } else {
                    connection.close();
                    call.fail(handshake.cause());
                }
            });
        });
    }

    /** Opens a channel to the origin, outside the counts (a probe uses it too). */
    void connect(ChannelFutureListener whenConnected) {
        transport.open(this).addListener(whenConnected);
    }

    private void retire(Http1Connection connection) {
        if (!connection.retired) {
            connection.retired = true;
            open--;
        }
    }

    ChannelInitializer<Channel> initializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                ChannelPipeline pipeline = channel.pipeline();
                if ("https".equals(scheme)) {
                    pipeline.addLast(tlsHandler(channel));
                }
                Http1Connection connection = new Http1Connection(Http1Pool.this);
                pipeline.addLast(new Http1ResponseDecoder(connection));
                if (transport.settings().compression()) {
                    pipeline.addLast(new HttpContentDecompressor(0));
                }
                pipeline.addLast(connection);
            }
        };
    }

    private SslHandler tlsHandler(Channel channel) {
        SslHandler handler = transport.sslContext().newHandler(channel.alloc(), host, port);
        handler.setHandshakeTimeoutMillis(transport.settings().connectTimeoutMillis());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(transport.settings().trustAll() ? null : "HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    @Override
    public String toString() {
        return scheme + "://" + hostHeader;
    }
}
