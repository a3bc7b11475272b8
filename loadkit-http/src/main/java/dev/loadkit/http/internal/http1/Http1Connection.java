package dev.loadkit.http.internal.http1;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One connection: its channel, and the last handler of its pipeline, which hands the decoded response to the call
 * in flight. At most one call uses it at a time (no pipelining); every field but {@link #retired} and
 * {@link #idleSince} (the pool's, under its lock) is touched on the channel's event loop only.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter {

    private final Http1Pool pool;
    private Channel channel;
    /** The call whose response this connection reads, or {@code null} between calls. */
    private Http1Call current;
    /** Whether the response being read answers a HEAD request, so that it has no body whatever its headers say. */
    boolean awaitingHead;

    /** Under the pool's lock: whether the connection has left the pool's count. */
    boolean retired;
    /** Under the pool's lock: when it was last given back. */
    long idleSince;

    Http1Connection(Http1Pool pool) {
        this.pool = pool;
    }

    Channel channel() {
        return channel;
    }

    /** Whether an idle connection can take a request: still open, and not idle past the keep-alive timeout. */
    boolean usable(long now, long keepAliveNanos) {
        return channel.isActive() && now - idleSince < keepAliveNanos;
    }

    /** On the event loop: the call that reads the next response. */
    void serve(Http1Call call) {
        current = call;
    }

    /** On the event loop: the call's response is complete (or abandoned). */
    void done(Http1Call call) {
        if (current == call) {
            current = null;
        }
    }

    /** Counts bytes read into the call in flight. */
    void bytesRead(int bytes) {
        Http1Call call = current;
        if (call != null) {
            call.bytesRead(bytes);
        }
    }

    void close() {
        channel.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        Http1Call call = current;
        try {
            if (call == null) {
                // An answer to nothing that was asked: the connection is out of step; never reuse it.
                ctx.close();
            } else {
                call.read(message);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.closed(this);
        Http1Call call = current;
        current = null;
        if (call != null) {
            call.connectionClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Http1Call call = current;
        current = null;
        ctx.close();
        if (call != null) {
            call.connectionFailed(cause);
        }
    }
}
