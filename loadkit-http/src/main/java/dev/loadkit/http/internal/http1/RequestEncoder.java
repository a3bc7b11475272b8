package dev.loadkit.http.internal.http1;

import dev.loadkit.http.internal.OutgoingRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.net.URI;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a request's bytes into one buffer: the request line, the headers as given (already validated by Netty's
 * header map), what the transport adds ({@code Host}, {@code Accept}, {@code Accept-Encoding}, {@code Cookie},
 * {@code Content-Type}, {@code Content-Length}) when the request does not set it, and the body. Nothing but the
 * buffer is allocated.
 */
final class RequestEncoder {

    private static final byte[] VERSION_LINE_END = " HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final short CRLF = ('\r' << 8) | '\n';
    private static final short COLON_SPACE = (':' << 8) | ' ';

    private RequestEncoder() {
    }

    static ByteBuf encode(OutgoingRequest request, String hostHeader, boolean compression, ByteBufAllocator allocator) {
        byte[] content = request.content();
        HttpHeaders headers = request.headers();
        ByteBuf out = allocator.buffer(256 + (content == null ? 0 : content.length));
        ByteBufUtil.writeAscii(out, request.method());
        out.writeByte(' ');
        URI uri = request.uri();
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            out.writeByte('/');
        } else {
            ByteBufUtil.writeAscii(out, path);
        }
        String query = uri.getRawQuery();
        if (query != null) {
            out.writeByte('?');
            ByteBufUtil.writeAscii(out, query);
        }
        out.writeBytes(VERSION_LINE_END);
        if (!headers.contains(HttpHeaderNames.HOST)) {
            header(out, HttpHeaderNames.HOST, hostHeader);
        }
        if (!headers.contains(HttpHeaderNames.ACCEPT)) {
            header(out, HttpHeaderNames.ACCEPT, "*/*");
        }
        if (compression && !headers.contains(HttpHeaderNames.ACCEPT_ENCODING)) {
            header(out, HttpHeaderNames.ACCEPT_ENCODING, "gzip, deflate");
        }
        for (Iterator<Map.Entry<CharSequence, CharSequence>> each = headers.iteratorCharSequence(); each.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = each.next();
            header(out, header.getKey(), header.getValue());
        }
        if (request.cookieHeader() != null) {
            header(out, HttpHeaderNames.COOKIE, request.cookieHeader());
        }
        if (content != null) {
            if (request.contentType() != null) {
                header(out, HttpHeaderNames.CONTENT_TYPE, request.contentType());
            }
            header(out, HttpHeaderNames.CONTENT_LENGTH, Integer.toString(content.length));
        } else if (sendsBody(request.method()) && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            header(out, HttpHeaderNames.CONTENT_LENGTH, "0");
        }
        out.writeShort(CRLF);
        if (content != null) {
            out.writeBytes(content);
        }
        return out;
    }

    /** Methods whose requests servers expect a length on, even an empty one (nginx answers 411 without). */
    private static boolean sendsBody(String method) {
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    }

    private static void header(ByteBuf out, CharSequence name, CharSequence value) {
        ByteBufUtil.writeAscii(out, name);
        out.writeShort(COLON_SPACE);
        ByteBufUtil.writeAscii(out, value);
        out.writeShort(CRLF);
    }
}
