package dev.loadkit.http.internal.http1;

import dev.loadkit.http.internal.OutgoingRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.AsciiString;

import java.net.URI;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a request's bytes into one buffer: the request line, the headers as given (already validated by Netty's
 * header map), what the transport adds ({@code Host}, {@code Accept}, {@code Accept-Encoding}, {@code Cookie},
 * {@code Content-Type}, {@code Content-Length}) when the request does not set it, and the body. Nothing but the
 * buffer is allocated, and no header name is hashed.
 */
final class RequestEncoder {

    private static final byte[] VERSION_LINE_END = " HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final short CRLF = ('\r' << 8) | '\n';
    private static final short COLON_SPACE = (':' << 8) | ' ';

    private RequestEncoder() {
    }

    /**
     * Writes the request.
     *
     * @param request the request
     * @param hostHeader the {@code Host} header's value for its origin
     * @param compression whether to ask for compressed responses
     * @param out the buffer to write into
     * @return whether the request asks for the connection to close after its response ({@code Connection: close})
     */
    static boolean encode(OutgoingRequest request, String hostHeader, boolean compression, ByteBuf out) {
        byte[] content = request.content();
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
        // One pass over the request's own headers, noting those the transport would otherwise add: names are
        // compared, never hashed.
        boolean host = false;
        boolean accept = false;
        boolean acceptEncoding = false;
        boolean contentLength = false;
        boolean close = false;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> each = request.headers().iteratorCharSequence(); each.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = each.next();
            CharSequence name = header.getKey();
            host |= AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.HOST);
            accept |= AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.ACCEPT);
            acceptEncoding |= AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.ACCEPT_ENCODING);
            contentLength |= AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONTENT_LENGTH);
            close |= AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONNECTION)
                    && AsciiString.containsIgnoreCase(header.getValue(), HttpHeaderValues.CLOSE);
            header(out, name, header.getValue());
        }
        if (!host) {
            header(out, HttpHeaderNames.HOST, hostHeader);
        }
        if (!accept) {
            header(out, HttpHeaderNames.ACCEPT, "*/*");
        }
        if (compression && !acceptEncoding) {
            header(out, HttpHeaderNames.ACCEPT_ENCODING, "gzip, deflate");
        }
        if (request.cookieHeader() != null) {
            header(out, HttpHeaderNames.COOKIE, request.cookieHeader());
        }
        if (content != null) {
            if (request.contentType() != null) {
                header(out, HttpHeaderNames.CONTENT_TYPE, request.contentType());
            }
            header(out, HttpHeaderNames.CONTENT_LENGTH, Integer.toString(content.length));
        } else if (sendsBody(request.method()) && !contentLength) {
            header(out, HttpHeaderNames.CONTENT_LENGTH, "0");
        }
        out.writeShort(CRLF);
        if (content != null) {
            out.writeBytes(content);
        }
        return close;
    }

    /**
     * The size to allocate for a request's buffer: enough for its body and the usual headers; a buffer grows if not.
     *
     * @param request the request
     * @return bytes
     */
    static int sizeHint(OutgoingRequest request) {
        return 256 + (request.content() == null ? 0 : request.content().length);
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
