package dev.loadkit.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.Arrays;

/**
 * Reads a response body as it streams in, chunk by chunk, without aggregating Netty buffers: it keeps
 * at most {@code limit} bytes and fails the request beyond, or keeps nothing at all for a request that
 * discards its body. Memory per request is therefore bounded whatever the server sends.
 */
public final class BodyReader {

    private static final byte[] EMPTY = new byte[0];

    private final int limit;
    private byte[] bytes = EMPTY;
    private int size;

    /**
     * Creates a reader.
     *
     * @param limit the most bytes to keep, or a negative number to keep none (the body is only counted)
     * @param contentLength the length the response announced, or -1
     * @throws BodyTooLargeException when the announced length is already over the limit
     */
    public BodyReader(int limit, long contentLength) {
        this.limit = limit;
        if (limit >= 0 && contentLength > limit) {
            throw new BodyTooLargeException(limit);
        }
        if (limit >= 0 && contentLength > 0) {
            bytes = new byte[(int) contentLength];
        }
    }

    /**
     * Takes one chunk; the caller releases its buffer afterwards.
     *
     * @param chunk the chunk
     * @throws BodyTooLargeException when the body grows past the limit
     */
    public void read(ByteBuf chunk) {
        if (limit < 0) {
            return;
        }
        int length = chunk.readableBytes();
        if ((long) size + length > limit) {
            throw new BodyTooLargeException(limit);
        }
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(size + length, bytes.length * 2)));
        }
        chunk.getBytes(chunk.readerIndex(), bytes, size, length);
        size += length;
    }

    /**
     * The body kept.
     *
     * @return the bytes, empty for a discarded body
     */
    public byte[] bytes() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    /**
     * The body length a response announced.
     *
     * @param headers the response's headers
     * @return the length, or -1 when none (chunked, or closed-delimited) or unreadable
     */
    public static long contentLength(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
