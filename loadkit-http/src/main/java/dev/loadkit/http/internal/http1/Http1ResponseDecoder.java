package dev.loadkit.http.internal.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Netty's response decoder, told when a response answers a HEAD request (which has no body whatever its
 * {@code Content-Length} says), and counting the bytes it reads for the call in flight.
 */
final class Http1ResponseDecoder extends HttpResponseDecoder {

    private final Http1Connection connection;

    Http1ResponseDecoder(Http1Connection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (message instanceof ByteBuf bytes) {
            connection.bytesRead(bytes.readableBytes());
        }
        super.channelRead(ctx, message);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        return connection.awaitingHead || super.isContentAlwaysEmpty(message);
    }
}
